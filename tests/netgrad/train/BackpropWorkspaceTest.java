package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;

/** The allocation-free training path must be the lecture's algorithm: same loss and gradients as Backprop. */
class BackpropWorkspaceTest {
    static final double TOLERANCE = 1e-12;

    private static void assertSameAsBackprop(Plan plan, int batch) {
        SplittableRandom random = new SplittableRandom(5);
        Parameters theta = Initializer.initialize(plan);
        for (int k = 1; k <= plan.depth(); k++) {
            for (int i = 0; i < theta.b(k).size(); i++) theta.b(k).data[i] = random.nextGaussian() * 0.1;
        }
        BackpropWorkspace ws = new BackpropWorkspace(plan, batch);
        for (int i = 0; i < ws.input().size(); i++) ws.input().data[i] = random.nextDouble();
        int classes = plan.units(plan.depth());
        for (int j = 0; j < batch; j++) ws.labels()[j] = random.nextInt(classes);
        ws.oneHotTargets();

        // run twice: buffers reused from a previous step must not leak into the next
        ws.forward(theta);
        ws.backward(theta);
        double loss = ws.forward(theta);
        ws.backward(theta);

        Backprop reference = new Backprop(plan);
        Batch b = Batch.classification(ws.input().copy(), ws.labels().clone(), classes);
        Gradients expected = reference.gradients(theta, b);
        double expectedLoss = reference.loss(reference.forward(theta, b.x()), theta, b);

        assertThat(loss).isCloseTo(expectedLoss, org.assertj.core.api.Assertions.within(TOLERANCE));
        for (int k = 1; k <= plan.depth(); k++) {
            assertClose(ws.gradW(k), expected.W(k), "W" + k);
            assertClose(ws.gradB(k), expected.b(k), "b" + k);
        }
    }

    private static void assertClose(Matrix actual, Matrix expected, String name) {
        assertThat(actual.shape()).as(name).isEqualTo(expected.shape());
        for (int i = 0; i < actual.size(); i++) {
            assertThat(Math.abs(actual.data[i] - expected.data[i])).as(name + "[" + i + "]").isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void tanhReluSoftmaxCrossEntropyWithDecayMatchesBackprop() {
        assertSameAsBackprop(Plan.of("t", new int[]{7, 6, 5, 4}, List.of(new Activation.Tanh(), new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.01, Init.xavier(3)), 9);
    }

    @Test
    void logisticSoftmaxSquaredErrorMatchesBackprop() {
        assertSameAsBackprop(Plan.of("s", new int[]{5, 4, 3}, List.of(new Activation.Logistic()),
                OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, 0, Init.xavier(4)), 6);
    }

    @Test
    void everyActivationMatchesBackpropWithLogisticBinaryCrossEntropy() {
        assertSameAsBackprop(Plan.of("a", new int[]{4, 5, 5, 5, 5, 3},
                List.of(new Activation.LeakyRelu(0.1), new Activation.Identity(), new Activation.Softplus(),
                        new Activation.Tanh()),
                OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY, 0.1, Init.xavier(6)), 4);
    }

    @Test
    void aBatchOfOneMatchesBackprop() {
        assertSameAsBackprop(Plan.of("one", new int[]{3, 2}, List.of(), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY,
                0, Init.xavier(1)), 1);
    }

    @Test
    void fastTanhIsMathTanhToRoundingEverywhereIncludingTheTails() {
        double[] z = {0, 1e-300, -1e-12, 1e-8, 0.3, -0.7, 1, -2.5, 5, 19, -19, 20, 300, -300, 1e308, -1e308,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        Matrix a = new Matrix(1, z.length, z.clone());
        Matrix h = new Matrix(1, z.length);
        BackpropWorkspace.activate(new Activation.Tanh(), a, h);
        for (int i = 0; i < z.length; i++) {
            assertThat(Math.abs(h.data[i] - Math.tanh(z[i]))).as("tanh(" + z[i] + ")").isLessThanOrEqualTo(TANH_TOLERANCE);
        }
        a.data[0] = Double.NaN;
        BackpropWorkspace.activate(new Activation.Tanh(), a, h);
        assertThat(h.data[0]).isNaN();
    }

    /** 1 − 2/(e^{2z}+1) loses relative but not absolute accuracy near 0. */
    static final double TANH_TOLERANCE = 3e-16;
}
