package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;

/**
 * ∇a_L for every output/loss pair against the scalar-element chain rule ∂ℓ/∂a_j = Σ_i (∂ℓ/∂ŷ_i)(∂ŷ_i/∂a_j),
 * with each factor written here per element, and against central differences of the loss value.
 */
class OutputGradientsTest {
    /** Two double evaluations of the same derivative. */
    private static final double ALGEBRAIC = 1e-13;
    /** Central difference with step 1e-6 on losses of order 1. */
    private static final double CENTRAL_DIFFERENCE = 1e-8;
    private static final int UNITS = 4;
    private static final int BATCH = 3;

    record Pair(OutputFunction output, Loss loss) {}

    private static final List<Pair> VALID = List.of(
            new Pair(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY),
            new Pair(OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY),
            new Pair(OutputFunction.IDENTITY, Loss.SQUARED_ERROR),
            new Pair(OutputFunction.SOFTMAX, Loss.SQUARED_ERROR),
            new Pair(OutputFunction.LOGISTIC, Loss.SQUARED_ERROR));

    @Test
    void everyPairMatchesTheScalarElementChainRule() {
        for (Pair pair : VALID) {
            Matrix aL = randomMatrix(11);
            Matrix y = targets(pair, 12);
            Matrix yhat = new Matrix(UNITS, BATCH);
            Outputs.apply(pair.output(), aL, yhat);
            Matrix grad = new Matrix(UNITS, BATCH);
            OutputGradients.compute(pair.output(), pair.loss(), yhat, y, 1.0 / BATCH, grad);
            for (int col = 0; col < BATCH; col++) {
                for (int j = 0; j < UNITS; j++) {
                    double expected = 0;
                    for (int i = 0; i < UNITS; i++) {
                        expected += dLossdYhat(pair.loss(), yhat.get(i, col), y.get(i, col))
                                * dYhatdA(pair.output(), yhat, i, j, col);
                    }
                    expected /= BATCH;
                    assertThat(grad.get(j, col)).as(pair + " ∇a_L[" + j + "][" + col + "]")
                            .isCloseTo(expected, within(ALGEBRAIC));
                }
            }
        }
    }

    @Test
    void everyPairMatchesACentralDifferenceOfTheMeanLoss() {
        double step = 1e-6;
        for (Pair pair : VALID) {
            Matrix aL = randomMatrix(21);
            Matrix y = targets(pair, 22);
            Matrix yhat = new Matrix(UNITS, BATCH);
            Outputs.apply(pair.output(), aL, yhat);
            Matrix grad = new Matrix(UNITS, BATCH);
            OutputGradients.compute(pair.output(), pair.loss(), yhat, y, 1.0 / BATCH, grad);
            for (int e = 0; e < aL.data.length; e++) {
                double slope = (meanLoss(pair, shifted(aL, e, step), y) - meanLoss(pair, shifted(aL, e, -step), y)) / (2 * step);
                assertThat(grad.data[e]).as(pair + " entry " + e).isCloseTo(slope, within(CENTRAL_DIFFERENCE));
            }
        }
    }

    @Test
    void softmaxWithCrossEntropyIsYhatMinusOneHotOverB() {
        Matrix yhat = Matrix.of(new double[][] {{0.2, 0.5}, {0.8, 0.5}});
        Matrix y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        Matrix grad = new Matrix(2, 2);
        OutputGradients.compute(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, yhat, y, 0.5, grad);
        assertThat(grad.data).containsExactly(-0.4, 0.25, 0.4, -0.25);
    }

    @Test
    void hugePreActivationsGiveFiniteOutputsLossesAndGradients() {
        Matrix aL = Matrix.of(new double[][] {{700, -700, 0}, {-700, 700, 300}, {0, 0, -300}});
        Matrix softmaxTarget = Matrix.of(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
        for (Pair pair : VALID) {
            Matrix y = pair.output() == OutputFunction.SOFTMAX ? softmaxTarget : Matrix.of(new double[][] {
                    {0, 1, 1}, {1, 0, 0}, {0, 1, 1}});
            Matrix yhat = new Matrix(3, 3);
            Outputs.apply(pair.output(), aL, yhat);
            Matrix grad = new Matrix(3, 3);
            OutputGradients.compute(pair.output(), pair.loss(), yhat, y, 1.0 / 3, grad);
            double loss = Losses.value(pair.output(), pair.loss(), aL, yhat, y);
            assertThat(loss).as(pair + " loss").isFinite();
            for (int i = 0; i < 9; i++) {
                assertThat(yhat.data[i]).as(pair + " ŷ").isFinite();
                assertThat(grad.data[i]).as(pair + " ∇a_L").isFinite();
            }
        }
    }

    @Test
    void stableCrossEntropyCountsTheFullPenaltyOfAConfidentMistake() {
        // a = (0, 800) with label 0: ℓ = −log softmax_0 = log(1 + e^800) = 800 (to double precision)
        Matrix aL = Matrix.column(0, 800);
        Matrix yhat = new Matrix(2, 1);
        Outputs.apply(OutputFunction.SOFTMAX, aL, yhat);
        assertThat(Losses.value(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, aL, yhat, Matrix.column(1, 0))).isEqualTo(800.0);
        assertThat(Losses.value(OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY, Matrix.column(-800), Matrix.column(0),
                Matrix.column(1))).isEqualTo(800.0);
    }

    @Test
    void lossesFromYhatFollowTheirDefinitions() {
        Matrix yhat = Matrix.of(new double[][] {{0.25, 0.9}, {0.75, 0.1}});
        Matrix y = Matrix.of(new double[][] {{0, 1}, {1, 0}});
        assertThat(Losses.value(Loss.CROSS_ENTROPY, yhat, y))
                .isCloseTo((-Math.log(0.75) - Math.log(0.9)) / 2, within(ALGEBRAIC));
        assertThat(Losses.value(Loss.BINARY_CROSS_ENTROPY, yhat, y))
                .isCloseTo((-Math.log(0.75) - Math.log(0.75) - Math.log(0.9) - Math.log(0.9)) / 2, within(ALGEBRAIC));
        assertThat(Losses.value(Loss.SQUARED_ERROR, yhat, y))
                .isCloseTo(0.5 * (0.0625 + 0.0625 + 0.01 + 0.01) / 2, within(ALGEBRAIC));
    }

    /** ∂ℓ/∂ŷ_i for one element. */
    private static double dLossdYhat(Loss loss, double p, double t) {
        return switch (loss) {
            case CROSS_ENTROPY -> -t / p;
            case BINARY_CROSS_ENTROPY -> -t / p + (1 - t) / (1 - p);
            case SQUARED_ERROR -> p - t;
        };
    }

    /** ∂ŷ_i/∂a_j for one element of one column. */
    private static double dYhatdA(OutputFunction o, Matrix yhat, int i, int j, int col) {
        double yi = yhat.get(i, col);
        return switch (o) {
            case SOFTMAX -> yi * ((i == j ? 1 : 0) - yhat.get(j, col));
            case LOGISTIC -> i == j ? yi * (1 - yi) : 0;
            case IDENTITY -> i == j ? 1 : 0;
        };
    }

    private static double meanLoss(Pair pair, Matrix aL, Matrix y) {
        Matrix yhat = new Matrix(aL.rows, aL.cols);
        Outputs.apply(pair.output(), aL, yhat);
        return Losses.value(pair.output(), pair.loss(), aL, yhat, y);
    }

    private static Matrix shifted(Matrix m, int entry, double by) {
        Matrix c = m.copy();
        c.data[entry] += by;
        return c;
    }

    private static Matrix randomMatrix(long seed) {
        Random r = new Random(seed);
        Matrix m = new Matrix(UNITS, BATCH);
        for (int i = 0; i < m.data.length; i++) m.data[i] = 2 * r.nextGaussian();
        return m;
    }

    /** One-hot columns for softmax, 0/1 entries for binary cross-entropy, values in (0, 1) or reals otherwise. */
    private static Matrix targets(Pair pair, long seed) {
        Random r = new Random(seed);
        Matrix y = new Matrix(UNITS, BATCH);
        for (int col = 0; col < BATCH; col++) {
            int label = r.nextInt(UNITS);
            for (int i = 0; i < UNITS; i++) {
                double v = switch (pair.loss()) {
                    case CROSS_ENTROPY -> i == label ? 1 : 0;
                    case BINARY_CROSS_ENTROPY -> r.nextBoolean() ? 1 : 0;
                    case SQUARED_ERROR -> pair.output() == OutputFunction.IDENTITY ? 3 * r.nextGaussian() : r.nextDouble();
                };
                y.set(i, col, v);
            }
        }
        return y;
    }
}
