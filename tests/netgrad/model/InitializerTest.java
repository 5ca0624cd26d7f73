package netgrad.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

class InitializerTest {
    /** With n ≈ 10⁵ draws the sample variance has relative standard error √(2/n) ≈ 0.0045; allow ~7 of them. */
    private static final double VARIANCE_RELATIVE = 0.03;
    /** The sample mean of n draws of σ-scaled normals has standard error σ/√n; allow ~7 of them. */
    private static final double MEAN_IN_SIGMAS = 7.0;

    private static Plan plan(Init init) {
        return Plan.of("t", new int[] {784, 128, 64, 10}, List.of(new Activation.Tanh(), new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, init);
    }

    @Test
    void theSameSeedGivesTheSameParametersBitForBit() {
        Parameters first = Initializer.initialize(plan(new Init(Init.Scheme.HE, 0, 42)));
        Parameters second = Initializer.initialize(plan(new Init(Init.Scheme.HE, 0, 42)));
        for (Quantity name : first.toMap().keySet()) {
            assertThat(second.get(name).data).as(name.label()).isEqualTo(first.get(name).data);
        }
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        Parameters first = Initializer.initialize(plan(Init.xavier(1)));
        Parameters second = Initializer.initialize(plan(Init.xavier(2)));
        assertThat(second.W(1).data).isNotEqualTo(first.W(1).data);
    }

    @Test
    void biasesStartAtZero() {
        Parameters theta = Initializer.initialize(plan(new Init(Init.Scheme.RANDOM, 0.5, 3)));
        for (int k = 1; k <= 3; k++) {
            assertThat(theta.b(k).data).as("b" + k).containsOnly(0.0);
        }
    }

    @Test
    void randomSchemeHasVarianceScaleSquared() {
        Parameters theta = Initializer.initialize(plan(new Init(Init.Scheme.RANDOM, 0.3, 5)));
        assertMeanZeroWithVariance(theta.W(1), 0.09);
    }

    @Test
    void xavierHasVarianceTwoOverFanInPlusFanOut() {
        Parameters theta = Initializer.initialize(plan(Init.xavier(6)));
        assertMeanZeroWithVariance(theta.W(1), 2.0 / (784 + 128));
    }

    @Test
    void heHasVarianceTwoOverFanIn() {
        Parameters theta = Initializer.initialize(plan(new Init(Init.Scheme.HE, 0, 7)));
        assertMeanZeroWithVariance(theta.W(1), 2.0 / 784);
    }

    @Test
    void eachLayerGetsItsOwnStandardDeviation() {
        Init he = new Init(Init.Scheme.HE, 0, 0);
        assertThat(Initializer.standardDeviation(he, 128, 64)).isEqualTo(Math.sqrt(2.0 / 128));
        assertThat(Initializer.standardDeviation(Init.xavier(0), 128, 64)).isEqualTo(Math.sqrt(2.0 / 192));
        assertThat(Initializer.standardDeviation(new Init(Init.Scheme.RANDOM, 0.01, 0), 128, 64)).isEqualTo(0.01);
    }

    private static void assertMeanZeroWithVariance(Matrix w, double variance) {
        int n = w.data.length;
        double mean = 0;
        for (double v : w.data) mean += v;
        mean /= n;
        double var = 0;
        for (double v : w.data) var += (v - mean) * (v - mean);
        var /= n - 1;
        assertThat(mean).isCloseTo(0.0, within(MEAN_IN_SIGMAS * Math.sqrt(variance / n)));
        assertThat(var).isCloseTo(variance, within(VARIANCE_RELATIVE * variance));
    }
}
