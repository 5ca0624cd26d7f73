package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.plan.Activation;

/** Each g and g′ against its analytic formula, written here independently, at chosen points including |a| in the hundreds. */
class ActivationsTest {
    /** Relative agreement of two double formulas for the same value. */
    private static final double RELATIVE = 1e-14;
    /**
     * Absolute floor: g(1 − g) and 1 − g² (the lecture's forms) round to 0 once g rounds to 1, an absolute error
     * below one ulp of 1 (2.2e-16) where the true value is e.g. sech²(300) = 1e-260.
     */
    private static final double ABSOLUTE = 1e-15;
    /** g′ against a central difference of g with step 1e-6 (truncation ~1e-12, rounding ~1e-10). */
    private static final double CENTRAL_DIFFERENCE = 1e-8;
    private static final double[] POINTS = {-800, -300, -40, -2.5, -1, -1e-3, 0, 1e-3, 0.5, 1, 2.5, 40, 300, 800};
    private static final double SLOPE = 0.07;

    @Test
    void logisticIsOneOverOnePlusExpMinusZAndItsDerivativeIsGTimesOneMinusG() {
        check(new Activation.Logistic(),
                z -> z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)),
                z -> z >= 0 ? Math.exp(-z) / square(1 + Math.exp(-z)) : Math.exp(z) / square(1 + Math.exp(z)));
    }

    @Test
    void tanhDerivativeIsSechSquared() {
        check(new Activation.Tanh(), Math::tanh, z -> 1 / square(Math.cosh(z)));
    }

    /** The fast tanh against {@code Math.tanh} (itself within 1 ulp of tanh in practice): measured at most 2 ulps. */
    private static final double TANH_ULPS = 3;

    @Test
    void fastTanhIsWithinAFewUlpsOfMathTanhFromTheTinyToTheSaturated() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double z = i % 2 == 0
                    ? random.nextDouble(-20, 20)                                           // both branches, both signs
                    : Math.copySign(Math.pow(10, random.nextDouble(-300, 0)), random.nextDouble() - 0.5); // near 0
            double expected = Math.tanh(z);
            assertThat(Math.abs(Activations.tanh(z) - expected)).as("tanh(" + z + ")")
                    .isLessThanOrEqualTo(TANH_ULPS * Math.ulp(expected));
        }
        for (double z : new double[] {0.625, -0.625, Math.nextDown(0.625), 19, 20, 300, 1e308, Double.MIN_VALUE}) {
            assertThat(Math.abs(Activations.tanh(z) - Math.tanh(z))).as("tanh(" + z + ")")
                    .isLessThanOrEqualTo(TANH_ULPS * Math.ulp(Math.tanh(z)));
        }
        assertThat(Activations.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Activations.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(1 / Activations.tanh(-0.0)).as("tanh(−0) is −0").isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Activations.tanh(Double.NaN)).isNaN();
    }

    @Test
    void reluDerivativeIsOneForPositiveAndZeroOtherwise() {
        check(new Activation.Relu(), z -> z > 0 ? z : 0, z -> z > 0 ? 1 : 0);
    }

    @Test
    void leakyReluDerivativeIsOneForPositiveAndTheSlopeOtherwise() {
        check(new Activation.LeakyRelu(SLOPE), z -> z > 0 ? z : SLOPE * z, z -> z > 0 ? 1 : SLOPE);
    }

    @Test
    void identityDerivativeIsOne() {
        check(new Activation.Identity(), z -> z, z -> 1);
    }

    @Test
    void softplusDerivativeIsTheLogistic() {
        check(new Activation.Softplus(),
                z -> z > 30 ? z + Math.exp(-z) : Math.log1p(Math.exp(z)),
                z -> z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
    }

    @Test
    void everyDerivativeMatchesACentralDifferenceAwayFromKinks() {
        double step = 1e-6;
        for (Activation g : all()) {
            for (double z : new double[] {-2.5, -1, -0.3, 0.2, 1, 2.5}) {
                double numeric = (value(g, z + step) - value(g, z - step)) / (2 * step);
                assertThat(derivative(g, z)).as(g.keyword() + "′(" + z + ")").isCloseTo(numeric, within(CENTRAL_DIFFERENCE));
            }
        }
    }

    @Test
    void nothingOverflowsForPreActivationsInTheHundreds() {
        for (Activation g : all()) {
            for (double z : POINTS) {
                assertThat(value(g, z)).as(g.keyword() + "(" + z + ")").isFinite();
                assertThat(derivative(g, z)).as(g.keyword() + "′(" + z + ")").isFinite();
            }
        }
        assertThat(value(new Activation.Softplus(), 800)).isEqualTo(800.0);
        assertThat(value(new Activation.Logistic(), -800)).isEqualTo(0.0);
        assertThat(value(new Activation.Logistic(), 800)).isEqualTo(1.0);
    }

    @Test
    void applyMayOverwriteItsInput() {
        Matrix a = Matrix.of(new double[][] {{-1, 0, 2}});
        Activations.apply(new Activation.Relu(), a, a);
        assertThat(a.data).containsExactly(0, 0, 2);
    }

    private static List<Activation> all() {
        return List.of(new Activation.Logistic(), new Activation.Tanh(), new Activation.Relu(),
                new Activation.LeakyRelu(SLOPE), new Activation.Identity(), new Activation.Softplus());
    }

    /** g and g′ on a 2 × 7 matrix of all POINTS at once, entry by entry against the formulas. */
    private static void check(Activation g, DoubleUnaryOperator expectedG, DoubleUnaryOperator expectedDerivative) {
        Matrix a = new Matrix(2, POINTS.length / 2, POINTS.clone());
        Matrix h = new Matrix(a.rows, a.cols);
        Matrix d = new Matrix(a.rows, a.cols);
        Activations.apply(g, a, h);
        Activations.derivative(g, a, h, d);
        for (int i = 0; i < POINTS.length; i++) {
            double z = POINTS[i];
            double eg = expectedG.applyAsDouble(z);
            double ed = expectedDerivative.applyAsDouble(z);
            assertThat(h.data[i]).as(g.keyword() + "(" + z + ")").isCloseTo(eg, within(RELATIVE * Math.abs(eg) + ABSOLUTE));
            assertThat(d.data[i]).as(g.keyword() + "′(" + z + ")").isCloseTo(ed, within(RELATIVE * Math.abs(ed) + ABSOLUTE));
        }
    }

    private static double value(Activation g, double z) {
        Matrix h = new Matrix(1, 1);
        Activations.apply(g, Matrix.column(z), h);
        return h.data[0];
    }

    private static double derivative(Activation g, double z) {
        Matrix a = Matrix.column(z);
        Matrix h = new Matrix(1, 1);
        Matrix d = new Matrix(1, 1);
        Activations.apply(g, a, h);
        Activations.derivative(g, a, h, d);
        return d.data[0];
    }

    private static double square(double v) {
        return v * v;
    }
}
