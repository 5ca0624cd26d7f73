package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * A 2-2-2 network worked by hand, every quantity of the lecture's two algorithms checked to 1e-12.
 * g = logistic, O = softmax, cross-entropy, λ = 0.1, a batch of B = 2 examples as columns:
 * <pre>
 *   W1 = [ 0.1 0.2 ; −0.3 0.4 ]  b1 = [0.5, −0.5]ᵀ     W2 = [ 0.6 −0.7 ; 0.8 0.9 ]  b2 = [0.1, −0.2]ᵀ
 *   x = [ 1 −1 ; 2 0.5 ]  (x⁽¹⁾ = (1, 2)ᵀ with label 0, x⁽²⁾ = (−1, 0.5)ᵀ with label 1)
 * </pre>
 * The decimals were evaluated from the formulas in the comments with 40-digit arithmetic (mpmath).
 */
class WorkedExampleTest {
    /** The bar for the worked example. */
    private static final double TOLERANCE = 1e-12;
    /** A central difference with step 1e-5 is accurate to O(step²) plus rounding of ~1e-16/step. */
    private static final double CENTRAL_DIFFERENCE = 1e-9;

    private final Plan plan = Plan.of("worked", new int[] {2, 2, 2}, List.of(new Activation.Logistic()),
            OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.1, Init.xavier(0));
    private final Parameters theta = theta();
    private final Batch batch = Batch.classification(Matrix.of(new double[][] {{1, -1}, {2, 0.5}}), new int[] {0, 1}, 2);
    private final Backprop backprop = new Backprop(plan);

    private Parameters theta() {
        Parameters p = Parameters.zeros(plan);
        set(p.W(1), new double[][] {{0.1, 0.2}, {-0.3, 0.4}});
        set(p.b(1), new double[][] {{0.5}, {-0.5}});
        set(p.W(2), new double[][] {{0.6, -0.7}, {0.8, 0.9}});
        set(p.b(2), new double[][] {{0.1}, {-0.2}});
        return p;
    }

    @Test
    void forwardPassGivesEveryPreActivationActivationAndOutput() {
        ForwardPass f = backprop.forward(theta, batch.x());
        // a1 = b1 + W1 x: column 1: 0.5 + 0.1·1 + 0.2·2 = 1,   −0.5 − 0.3·1 + 0.4·2 = 0
        //                 column 2: 0.5 − 0.1 + 0.1 = 0.5,      −0.5 + 0.3 + 0.2 = 0
        assertMatrix("a1", f.a(1), new double[][] {{1.0, 0.5}, {0.0, 0.0}});
        // h1 = σ(a1): σ(1) = 1/(1+e^−1), σ(0.5), σ(0) = 0.5
        assertMatrix("h1", f.h(1), new double[][] {{0.73105857863000488, 0.62245933120185456}, {0.5, 0.5}});
        // a2 = b2 + W2 h1: e.g. a2[0][0] = 0.1 + 0.6·σ(1) − 0.7·0.5
        assertMatrix("a2", f.a(2), new double[][] {
                {0.18863514717800293, 0.12347559872111274}, {0.8348468629040039, 0.74796746496148365}});
        // ŷ = softmax(a2) per column: ŷ_0 = 1/(1 + e^(a2[1] − a2[0]))
        assertMatrix("yhat", f.yhat(), new double[][] {
                {0.3438437255798, 0.34876053716865931}, {0.6561562744202, 0.65123946283134069}});
        assertThat(f.h(0)).isSameAs(batch.x());
    }

    @Test
    void lossIsTheMeanCrossEntropyPlusHalfLambdaTimesSquaredWeights() {
        // data: (−log ŷ_0⁽¹⁾ − log ŷ_1⁽²⁾)/2 = 0.74822293844605542
        // decay: (0.1/2)(0.01+0.04+0.09+0.16 + 0.36+0.49+0.64+0.81) = 0.05·2.6 = 0.13
        double loss = backprop.loss(backprop.forward(theta, batch.x()), theta, batch);
        assertThat(loss).isCloseTo(0.87822293844605542, within(TOLERANCE));
    }

    @Test
    void backwardPassGivesEveryGradientOfTheLecture() {
        Gradients g = backprop.gradients(theta, batch);
        // ∇a2 = −(e(y) − ŷ)/B: column 1 (label 0): ((ŷ_0 − 1)/2, ŷ_1/2); column 2 (label 1): (ŷ_0/2, (ŷ_1 − 1)/2)
        assertMatrix("∇a2", g.a(2), new double[][] {
                {-0.3280781372101, 0.17438026858432966}, {0.3280781372101, -0.17438026858432966}});
        // ∇W2 = ∇a2 h1ᵀ + λW2: e.g. [0][0] = −0.32808·σ(1) + 0.17438·σ(0.5) + 0.1·0.6
        assertMatrix("∇W2", g.W(2), new double[][] {
                {-0.071299711310593814, -0.14684893431288517}, {0.21129971131059381, 0.16684893431288517}});
        // ∇b2 = ∇a2 summed over the two columns
        assertMatrix("∇b2", g.b(2), new double[][] {{-0.15369786862577035}, {0.15369786862577035}});
        // ∇h1 = W2ᵀ ∇a2: e.g. [1][0] = −0.7·(−0.32808) + 0.9·0.32808 = 1.6·0.32808
        assertMatrix("∇h1", g.h(1), new double[][] {
                {0.06561562744202, -0.034876053716865931}, {0.52492501953616, -0.27900842973492745}});
        // ∇a1 = ∇h1 ⊙ σ(a1)(1 − σ(a1)): e.g. [1][0] = 0.52493·0.25
        assertMatrix("∇a1", g.a(1), new double[][] {
                {0.012900815362228381, -0.0081960020904057111}, {0.13123125488404, -0.069752107433731862}});
        // ∇W1 = ∇a1 xᵀ + λW1: e.g. [0][0] = 0.012901·1 − 0.008196·(−1) + 0.01
        assertMatrix("∇W1", g.W(1), new double[][] {
                {0.031096817452634092, 0.041703629679253906}, {0.17098336231777186, 0.26758645605121407}});
        // ∇b1 = ∇a1 summed over the columns
        assertMatrix("∇b1", g.b(1), new double[][] {{0.0047048132718226699}, {0.061479147450308138}});
    }

    @Test
    void backwardIntoReusedGradientsGivesTheSameNumbersWithoutNewMatrices() {
        Gradients fresh = backprop.gradients(theta, batch);
        Gradients reused = new Backprop(plan).gradients(theta, batch);
        Matrix w1 = reused.W(1);
        Batch other = Batch.classification(Matrix.of(new double[][] {{5, 6}, {-7, 8}}), new int[] {1, 1}, 2);
        backprop.backward(backprop.forward(theta, other.x()), theta, other, reused);
        backprop.backward(backprop.forward(theta, batch.x()), theta, batch, reused);
        assertThat(reused.W(1)).isSameAs(w1);
        for (Quantity name : fresh.toMap().keySet()) {
            assertThat(reused.get(name).data).as(name.label()).isEqualTo(fresh.get(name).data);
        }
        Batch single = Batch.classification(Matrix.column(1, 2), new int[] {0}, 2);
        backprop.backward(backprop.forward(theta, single.x()), theta, single, reused);
        assertThat(reused.a(1).shape()).isEqualTo("(2x1)");
        assertThat(reused.a(1).data).isEqualTo(backprop.gradients(theta, single).a(1).data);
    }

    @Test
    void lossFromTheMiddleEqualsTheFullForwardLoss() {
        ForwardPass f = backprop.forward(theta, batch.x());
        double loss = backprop.loss(f, theta, batch);
        assertThat(backprop.lossFromA(1, f.a(1), theta, batch)).isCloseTo(loss, within(TOLERANCE));
        assertThat(backprop.lossFromA(2, f.a(2), theta, batch)).isCloseTo(loss, within(TOLERANCE));
        assertThat(backprop.lossFromH(0, batch.x(), theta, batch)).isCloseTo(loss, within(TOLERANCE));
        assertThat(backprop.lossFromH(1, f.h(1), theta, batch)).isCloseTo(loss, within(TOLERANCE));
    }

    @Test
    void lossFromTheMiddleSeesAPerturbationWithTheSlopeOfItsGradient() {
        // central difference of L in a1[1][0] against ∇a1[1][0] = 0.13123125488404
        double step = 1e-5;
        ForwardPass f = backprop.forward(theta, batch.x());
        Matrix plus = f.a(1).copy();
        Matrix minus = f.a(1).copy();
        plus.set(1, 0, plus.get(1, 0) + step);
        minus.set(1, 0, minus.get(1, 0) - step);
        double slope = (backprop.lossFromA(1, plus, theta, batch) - backprop.lossFromA(1, minus, theta, batch)) / (2 * step);
        assertThat(slope).isCloseTo(0.13123125488404, within(CENTRAL_DIFFERENCE));
    }

    private static void set(Matrix m, double[][] values) {
        System.arraycopy(Matrix.of(values).data, 0, m.data, 0, m.data.length);
    }

    private static void assertMatrix(String name, Matrix actual, double[][] expected) {
        Matrix e = Matrix.of(expected);
        assertThat(actual.shape()).as(name).isEqualTo(e.shape());
        for (int i = 0; i < e.data.length; i++) {
            assertThat(actual.data[i]).as(name + "[" + i / e.cols + "][" + i % e.cols + "]")
                    .isCloseTo(e.data[i], within(TOLERANCE));
        }
    }
}
