package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import netgrad.plan.Training;

/**
 * Each rule takes two steps on the toy loss L(w) = ½w² (so g = w) from w = 1 with η = 0.1, γ = β = β₁ = 0.9,
 * β₂ = 0.999, ε = 1e-8; the expected values are computed by hand (and checked with a calculator) in the comments.
 */
class OptimizerTest {
    static final double TOLERANCE = 1e-12;

    private static double[] twoSteps(Training.Kind kind) {
        Optimizer optimizer = Optimizer.create(Training.Optimizer.defaults(kind), 0.1, new int[]{1});
        double[] w = {1.0};
        double[] out = new double[2];
        for (int t = 0; t < 2; t++) {
            double[] g = {w[0]}; // ∇(½w²) = w
            optimizer.step(new double[][]{w}, new double[][]{g});
            out[t] = w[0];
        }
        return out;
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        // w1 = 1 − 0.1·1 = 0.9;  w2 = 0.9 − 0.1·0.9 = 0.81
        assertThat(twoSteps(Training.Kind.SGD)).containsExactly(new double[]{0.9, 0.81}, within(TOLERANCE));
    }

    @Test
    void momentumAccumulatesHistory() {
        // u1 = 0.1·1 = 0.1, w1 = 0.9;  u2 = 0.9·0.1 + 0.1·0.9 = 0.18, w2 = 0.9 − 0.18 = 0.72
        assertThat(twoSteps(Training.Kind.MOMENTUM)).containsExactly(new double[]{0.72 + 0.18, 0.72}, within(TOLERANCE));
    }

    @Test
    void nagStoresTheLookAheadPointOfTheLecturesRule() {
        // lecture's rule: look-ahead 1, g = 1, u1 = 0.1, w1 = 0.9; look-ahead w̃1 = w1 − γu1 = 0.81.
        // step 2: g = ∇L(0.81) = 0.81, u2 = 0.09 + 0.081 = 0.171, w2 = 0.9 − 0.171 = 0.729; w̃2 = 0.729 − 0.9·0.171 = 0.5751
        assertThat(twoSteps(Training.Kind.NAG)).containsExactly(new double[]{0.81, 0.5751}, within(TOLERANCE));
    }

    @Test
    void rmspropDividesByTheRootOfTheDecayedSquares() {
        // v1 = 0.1·1 = 0.1, w1 = 1 − 0.1/(√0.1 + 1e-8) = 0.683772243983162
        // v2 = 0.09 + 0.1·0.683772…² = 0.136754…, w2 = w1 − 0.1·w1/(√v2 + 1e-8) = 0.498870620117237
        assertThat(twoSteps(Training.Kind.RMSPROP))
                .containsExactly(new double[]{0.683772243983162, 0.498870620117237}, within(TOLERANCE));
    }

    @Test
    void adamCorrectsTheBiasOfBothMoments() {
        // m1 = 0.1, v1 = 0.001; m̂ = 1, v̂ = 1; w1 = 1 − 0.1·1/(1 + 1e-8) = 0.900000001
        // m2 = 0.18, v2 = 0.001809; m̂ = 0.18/0.19, v̂ = 0.001809/0.001999; w2 = 0.800412229712338
        assertThat(twoSteps(Training.Kind.ADAM))
                .containsExactly(new double[]{0.900000001, 0.800412229712338}, within(TOLERANCE));
    }

    @Test
    void nadamLooksAheadOnTheFirstMoment() {
        // step 1: m̂ = 1, v̂ = 1; β₁m̂ + (1−β₁)g/(1−β₁) = 0.9 + 1 = 1.9; w1 = 1 − 0.1·1.9/(1 + 1e-8) = 0.8100000019
        // step 2 (g = w1): w2 = 0.674129966349577
        assertThat(twoSteps(Training.Kind.NADAM))
                .containsExactly(new double[]{0.8100000019, 0.674129966349577}, within(TOLERANCE));
    }

    @Test
    void everyTensorIsUpdatedWithItsOwnState() {
        Optimizer momentum = Optimizer.create(Training.Optimizer.defaults(Training.Kind.MOMENTUM), 0.1, new int[]{1, 2});
        double[] a = {1};
        double[] b = {1, 2};
        momentum.step(new double[][]{a, b}, new double[][]{{1}, {0, 10}});
        momentum.step(new double[][]{a, b}, new double[][]{{0}, {0, 0}});
        // a: u = 0.1 then 0.09 → 1 − 0.19;  b[1]: u = 1 then 0.9 → 2 − 1.9
        assertThat(a[0]).isCloseTo(0.81, within(TOLERANCE));
        assertThat(b).containsExactly(new double[]{1, 0.1}, within(TOLERANCE));
    }
}
