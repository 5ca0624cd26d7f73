package netgrad.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Activations;

/** The SIMD lanes of tanh and the logistic against the scalar forms and {@code Math.tanh}. */
class TranscendentalTest {
    private static final int N = 1 << 20;

    /** Points from the tiny to the saturated, both signs, with the special values first. */
    private static double[] points() {
        double[] z = new double[N];
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 0.625, -0.625,
            Math.nextDown(0.625), Math.nextUp(0.625), 19.0, -19.0, 400.0, -400.0, 800.0, -800.0,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        System.arraycopy(special, 0, z, 0, special.length);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = special.length; i < N; i++) {
            double magnitude = Math.pow(10, random.nextDouble(-12, 2.5));     // 1e-12 .. 316
            z[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return z;
    }

    @Test
    void lanesAreInUseWhereTheTestsRun() {
        // the pom loads jdk.incubator.vector for the tests, as the launcher does for train: else nothing below
        // would exercise the lanes
        assertThat(Transcendental.vectorised()).isTrue();
    }

    @Test
    void tanhLanesAreWithinThreeUlpsOfMathTanhWithItsSignsAndLimits() {
        double[] z = points();
        double[] out = new double[N];
        int done = Transcendental.tanh(z, out, N);
        assertThat(done).isEqualTo(N);
        for (int i = 0; i < N; i++) {
            double expected = Math.tanh(z[i]);
            assertThat(Math.abs(out[i] - expected)).as("tanh(" + z[i] + ")")
                    .isLessThanOrEqualTo(3 * Math.ulp(expected));
            assertThat(Math.copySign(1.0, out[i])).as("sign of tanh(" + z[i] + ")")
                    .isEqualTo(Math.copySign(1.0, z[i]));
        }
        double[] nan = {Double.NaN, 1, 2, 3, 4, 5, 6, 7};
        Transcendental.tanh(nan, out, nan.length);
        assertThat(out[0]).isNaN();
    }

    @Test
    void logisticLanesAreWithinTwoUlpsOfTheScalarFormAndNeverOverflow() {
        double[] z = points();
        double[] out = new double[N];
        assertThat(Transcendental.logistic(z, out, N)).isEqualTo(N);
        for (int i = 0; i < N; i++) {
            double expected = Activations.logistic(z[i]);
            assertThat(Math.abs(out[i] - expected)).as("σ(" + z[i] + ")")
                    .isLessThanOrEqualTo(2 * Math.ulp(expected));
        }
        assertThat(out[17]).isEqualTo(1.0);   // σ(+∞)
        assertThat(out[18]).isEqualTo(0.0);   // σ(−∞)
    }

    @Test
    void onlyWholeVectorsAreComputedAndTheRestIsLeftToTheCaller() {
        double[] z = new double[13];
        double[] out = new double[13];
        java.util.Arrays.fill(out, 42.0);
        int done = Transcendental.tanh(z, out, 13);
        assertThat(done % 8 == 0 || done % 4 == 0).isTrue();
        assertThat(done).isLessThanOrEqualTo(13);
        for (int i = done; i < 13; i++) {
            assertThat(out[i]).isEqualTo(42.0);
        }
    }

    @Test
    void activationsApplyTheLanesAndTheScalarTailTogether() {
        double[] z = points();
        Matrix a = new Matrix(1, 1003);
        System.arraycopy(z, 5000, a.data, 0, 1003);
        Matrix h = new Matrix(1, 1003);
        Activations.apply(new netgrad.plan.Activation.Tanh(), a, h);
        for (int i = 0; i < 1003; i++) {
            assertThat(Math.abs(h.data[i] - Math.tanh(a.data[i]))).isLessThanOrEqualTo(3 * Math.ulp(Math.tanh(a.data[i])));
        }
        assertThat(h.data[1002]).isEqualTo(Activations.tanh(a.data[1002]));   // the tail: the scalar form exactly
    }

    /** relu and its step in lanes give the scalar forms' values exactly, NaN, −0 and ±∞ included (NaN → 0). */
    @Test
    void reluAndStepLanesAreTheScalarFormsExactly() {
        double[] z = points();
        z[20] = Double.NaN;
        z[21] = -Double.NaN;
        double[] h = new double[N], d = new double[N];
        int done = Transcendental.relu(z, h, N);
        assertThat(Transcendental.step(z, d, N)).isEqualTo(done).isGreaterThan(N - 8);
        for (int i = 0; i < done; i++) {
            assertThat(h[i]).as("relu(%s)", z[i]).isEqualTo(z[i] > 0 ? z[i] : 0.0);
            assertThat(d[i]).as("step(%s)", z[i]).isEqualTo(z[i] > 0 ? 1.0 : 0.0);
        }
        assertThat(Double.doubleToRawLongBits(h[1])).as("relu(−0) is +0, as the scalar form").isZero();
        double[] same = z.clone();
        Transcendental.step(same, same, N);                                        // in place, as derivative does
        assertThat(same).isEqualTo(d);
    }

    /**
     * e^x from additions and multiplications: within 2 ulps of Math.exp from −708 to 709, its limits, and the lanes
     * of tanh and the logistic, which use it, give the scalar forms' bits exactly (so how a batch splits into lanes
     * and a scalar tail, and whether the JIT has compiled the lanes, changes no bit).
     */
    @Test
    void expIsWithinTwoUlpsAndTheLanesAreTheScalarFormsBitForBit() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 200_000; i++) {
            double x = random.nextDouble(-707.9, 708.9);
            double want = Math.exp(x);
            assertThat(Math.abs(Transcendental.exp(x) - want)).as("exp(%s)", x).isLessThanOrEqualTo(2 * Math.ulp(want));
        }
        assertThat(Transcendental.exp(0.0)).isEqualTo(1.0);
        assertThat(Transcendental.exp(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Transcendental.exp(1000)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Transcendental.exp(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(Transcendental.exp(-1000)).isZero();
        assertThat(Transcendental.exp(Double.NaN)).isNaN();
        double[] z = points();
        double[] t = new double[N], l = new double[N];
        int done = Transcendental.tanh(z, t, N);
        assertThat(Transcendental.logistic(z, l, N)).isEqualTo(done);
        for (int i = 0; i < done; i++) {
            assertThat(Double.doubleToLongBits(t[i])).as("tanh(%s)", z[i]).isEqualTo(Double.doubleToLongBits(Activations.tanh(z[i])));
            assertThat(Double.doubleToLongBits(l[i])).as("logistic(%s)", z[i])
                    .isEqualTo(Double.doubleToLongBits(Activations.logistic(z[i])));
        }
    }
}
