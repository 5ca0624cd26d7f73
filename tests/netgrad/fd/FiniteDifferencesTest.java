package netgrad.fd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.testing.Vectors;

class FiniteDifferencesTest {
    /** Central differences with the default step agree with PyTorch's exact gradients to this relative error… */
    private static final double RELATIVE = 1e-6;
    /** …or to this absolute difference (the rounding noise of a difference of losses of order 1). */
    private static final double FLOOR = 1e-8;

    @Test
    void lossEqualsPyTorchsLossForEveryReferenceVector() {
        for (Vectors v : Vectors.all()) {
            FiniteDifferences fd = new FiniteDifferences(v.plan(), v.params(), v.batch(), FiniteDifferences.DEFAULT_STEP);
            assertThat(fd.loss()).as(v.name()).isCloseTo(v.loss(), within(1e-12 * Math.max(1, v.loss())));
        }
    }

    @Test
    void everyEntryOfEveryQuantityMatchesPyTorchsGradients() {
        int compared = 0;
        for (Vectors v : Vectors.all()) {
            FiniteDifferences fd = new FiniteDifferences(v.plan(), v.params(), v.batch(), FiniteDifferences.DEFAULT_STEP);
            for (var e : v.gradients().toMap().entrySet()) {
                Matrix reference = e.getValue();
                for (int index = 0; index < reference.size(); index++) {
                    FiniteDifferences.Estimate estimate = fd.entry(e.getKey(), index);
                    if (estimate.kink()) {
                        continue;
                    }
                    assertClose(estimate.value(), reference.data[index], v.name() + " " + e.getKey() + "[" + index + "]");
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void incrementalEstimateEqualsBruteForceRecomputation() {
        Plan plan = Plan.of("deep", new int[] {5, 4, 3, 4, 3}, List.of(new Activation.Tanh(), new Activation.Softplus(),
                new Activation.Logistic()), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.1, Init.xavier(3));
        Parameters theta = randomParameters(plan, new Random(3));
        Batch batch = Batch.classification(gaussian(5, 6, new Random(4)), new int[] {0, 1, 2, 0, 1, 2}, 3);
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, FiniteDifferences.DEFAULT_STEP);
        for (Quantity name : plan.parameters()) {
            for (int index = 0; index < theta.get(name).size(); index++) {
                double brute = FiniteDifferences.bruteForce(plan, theta, batch, name, index, FiniteDifferences.DEFAULT_STEP);
                assertClose(fd.entry(name, index).value(), brute, name + "[" + index + "]");
            }
        }
    }

    @Test
    void directionalDerivativeIsTheGradientDottedWithTheDirection() {
        Random random = new Random(11);
        for (Vectors v : Vectors.all()) {
            FiniteDifferences fd = new FiniteDifferences(v.plan(), v.params(), v.batch(), FiniteDifferences.DEFAULT_STEP);
            for (var e : v.gradients().toMap().entrySet()) {
                Matrix g = e.getValue();
                Matrix u = gaussian(g.rows, g.cols, random);
                double expected = 0;
                for (int i = 0; i < g.size(); i++) {
                    expected += g.data[i] * u.data[i];
                }
                FiniteDifferences.Estimate estimate = fd.directional(e.getKey(), u);
                if (!estimate.kink()) {
                    assertClose(estimate.value(), expected, v.name() + " " + e.getKey() + "·u");
                }
            }
        }
    }

    @Test
    void reluPreActivationWithinTheStepOfZeroIsAKink() {
        Plan plan = Plan.of("relu", new int[] {1, 1, 1}, List.of(new Activation.Relu()), OutputFunction.IDENTITY,
                Loss.SQUARED_ERROR, 0, Init.xavier(1));
        Parameters theta = Parameters.zeros(plan);
        theta.W(1).data[0] = 1;
        theta.b(1).data[0] = -0.9999999;   // a_1 = x + b_1 = 1e-7 for x = 1: within ε = 1e-6 of the kink
        theta.W(2).data[0] = 2;
        Batch batch = new Batch(Matrix.column(1.0), Matrix.column(0.5), null);
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, FiniteDifferences.DEFAULT_STEP);
        assertThat(fd.entry(Quantity.b(1), 0).kink()).isTrue();
        assertThat(fd.entry(Quantity.W(1), 0).kink()).isTrue();
        assertThat(fd.entry(Quantity.a(1), 0).kink()).isTrue();
        assertThat(fd.entry(Quantity.W(2), 0).kink()).as("W2 does not move a_1").isFalse();
        assertThat(fd.entry(Quantity.h(1), 0).kink()).as("h_1 lies above the kink").isFalse();
    }

    @Test
    void reluFarFromTheKinkIsNotAKink() {
        Plan plan = Plan.of("relu", new int[] {1, 1, 1}, List.of(new Activation.Relu()), OutputFunction.IDENTITY,
                Loss.SQUARED_ERROR, 0, Init.xavier(1));
        Parameters theta = Parameters.zeros(plan);
        theta.W(1).data[0] = 1;
        theta.b(1).data[0] = -0.5;
        theta.W(2).data[0] = 2;
        Batch batch = new Batch(Matrix.column(1.0), Matrix.column(0.5), null);
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, FiniteDifferences.DEFAULT_STEP);
        FiniteDifferences.Estimate b1 = fd.entry(Quantity.b(1), 0);
        assertThat(b1.kink()).isFalse();
        // L = ½(2·relu(x + b_1) − y)², ∂L/∂b_1 = (2·0.5 − 0.5)·2 = 1
        assertClose(b1.value(), 1.0, "b1");
    }

    static void assertClose(double actual, double expected, String what) {
        double diff = Math.abs(actual - expected);
        double scale = Math.max(Math.abs(actual), Math.abs(expected));
        assertThat(diff <= FLOOR || diff <= RELATIVE * scale)
                .as("%s: %s vs %s (diff %s)", what, actual, expected, diff).isTrue();
    }

    static Parameters randomParameters(Plan plan, Random random) {
        Parameters theta = Parameters.zeros(plan);
        for (Matrix m : theta.toMap().values()) {
            for (int i = 0; i < m.size(); i++) {
                m.data[i] = random.nextGaussian() * 0.7;
            }
        }
        return theta;
    }

    static Matrix gaussian(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }
}
