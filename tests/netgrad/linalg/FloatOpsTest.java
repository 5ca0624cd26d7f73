package netgrad.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The float32 products and tanh: each kernel against the textbook triple loop ({@link Naive}, in double, on the same
 * float inputs) within the rounding bound of float sums, the two kernels and any row split bit for bit equal, and
 * tanh within 5 ulps of the correctly rounded value (see {@link FloatTanh}).
 */
class FloatOpsTest {
    /** u = 2⁻²⁴, the unit roundoff of float32. */
    private static final double U = 0x1p-24;

    /** m, n, p: sizes off the 6-row tiles and the 16-float vectors, the half and whole batches, the network's shapes. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {7, 13, 5}, {3, 2, 9}, {6, 5, 32}, {12, 9, 70}, {11, 4, 33}, {17, 3, 100}, {5, 17, 17},
            {13, 65, 31}, {6, 8, 48}, {18, 3, 16}, {128, 784, 64}, {128, 128, 32}, {10, 128, 64}, {0, 3, 4}, {3, 0, 4}};

    private static List<FloatKernel> kernels() {
        return List.of(new FloatScalarKernel(), new FloatVectorKernel());
    }

    @Test
    void productsMatchTheTripleLoopWithinTheRoundingOfFloatSumsOnEveryShapeWithEveryKernel() {
        for (FloatKernel kernel : kernels()) {
            for (int[] s : SHAPES) {
                FloatMatrix a = random(s[0], s[1], 1), b = random(s[1], s[2], 2), bt = random(s[2], s[1], 3);
                FloatMatrix at = random(s[1], s[0], 4);
                FloatMatrix c = new FloatMatrix(s[0], s[2]);
                FloatGemm.mult(kernel, 1, a, b, c, false);
                assertWithinRounding(kernel.name() + " mult " + a.shape() + b.shape(), c, a.widened(), b.widened());
                FloatGemm.multTransA(kernel, 1, at, b, c);
                assertWithinRounding(kernel.name() + " multTransA", c, at.widened().transpose(), b.widened());
                FloatGemm.multTransB(kernel, 1, a, bt, c);
                assertWithinRounding(kernel.name() + " multTransB", c, a.widened(), bt.widened().transpose());
            }
        }
    }

    @Test
    void theVectorAndScalarKernelsGiveTheSameBits() {
        for (int[] s : SHAPES) {
            FloatMatrix a = random(s[0], s[1], 5), b = random(s[1], s[2], 6), c0 = random(s[0], s[2], 7);
            FloatMatrix scalar = copy(c0), vector = copy(c0);
            FloatGemm.mult(new FloatScalarKernel(), 1, a, b, scalar, true);
            FloatGemm.mult(new FloatVectorKernel(), 1, a, b, vector, true);
            assertThat(vector.data).as("multAdd " + a.shape() + b.shape()).isEqualTo(scalar.data);
        }
    }

    @Test
    void splittingOverThreadsGivesTheSameBitsAsOneThread() {
        for (int[] s : new int[][] {{129, 300, 65}, {128, 784, 64}, {37, 200, 200}}) {
            FloatMatrix a = random(s[0], s[1], 11), b = random(s[1], s[2], 12);
            FloatMatrix sequential = new FloatMatrix(s[0], s[2]);
            FloatOps.mult(Parallelism.SEQUENTIAL, a, b, sequential);
            for (int threads : new int[] {2, 3, 5}) {
                FloatMatrix parallel = new FloatMatrix(s[0], s[2]);
                FloatOps.mult(Parallelism.of(threads), a, b, parallel);
                assertThat(parallel.data).as(threads + " threads " + a.shape() + b.shape()).isEqualTo(sequential.data);
            }
        }
    }

    @Test
    void floatOpsUsesTheVectorKernelWithSixteenFloatsOnAvx512() {
        assertThat(FloatOps.kernel()).startsWith("vector");
        assertThat(FloatOps.kernel()).isEqualTo("vector" + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
    }

    @Test
    void tanhIsWithinFiveUlpsOfTheCorrectlyRoundedValueOnASweepOfFloats() {
        int worst = 0;
        float[] in = new float[1 << 16], scalar = new float[in.length], vector = new float[in.length];
        // every 97th float of [0, 10] by bit pattern (~11 million values), and their negatives
        int top = Float.floatToIntBits(10f);
        int n = 0;
        for (int bits = 0; bits <= top; bits += 97) {
            in[n++] = Float.intBitsToFloat(bits);
            if (n == in.length || bits + 97 > top) {
                for (int sign = 0; sign < 2; sign++) {
                    new FloatScalarKernel().tanh(in, scalar, n);
                    new FloatVectorKernel().tanh(in, vector, n);
                    for (int i = 0; i < n; i++) {
                        float expected = (float) Math.tanh(in[i]);
                        int ulps = Math.abs(Float.floatToIntBits(scalar[i]) - Float.floatToIntBits(expected));
                        worst = Math.max(worst, ulps);
                        assertThat(Math.abs(scalar[i])).isLessThanOrEqualTo(1f);
                        if (Float.floatToIntBits(vector[i]) != Float.floatToIntBits(scalar[i])) {
                            assertThat(vector[i]).as("vector tanh(%s)", in[i]).isEqualTo(scalar[i]);
                        }
                    }
                    for (int i = 0; i < n; i++) in[i] = -in[i];
                }
                n = 0;
            }
        }
        assertThat(worst).as("largest error in ulps").isLessThanOrEqualTo(5);
    }

    @Test
    void tanhKeepsItsSpecialValues() {
        float[] in = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, -3e-5f, 20f, -20f};
        for (FloatKernel kernel : kernels()) {
            float[] out = new float[in.length];
            kernel.tanh(in, out, in.length);
            assertThat(Float.floatToIntBits(out[1])).as("tanh(-0) = -0").isEqualTo(Float.floatToIntBits(-0f));
            assertThat(out).as(kernel.name()).containsExactly(0f, -0f, 1f, -1f, Float.NaN, 1e-30f, -3e-5f, 1f, -1f);
        }
    }

    @Test
    void shapeMismatchAndAliasingAreRefusedNamingTheShapes() {
        assertThatThrownBy(() -> FloatOps.mult(Parallelism.SEQUENTIAL, new FloatMatrix(3, 4), new FloatMatrix(5, 2),
                new FloatMatrix(3, 2))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(3x4) (5x2)");
        FloatMatrix a = new FloatMatrix(3, 3);
        assertThatThrownBy(() -> FloatOps.mult(Parallelism.SEQUENTIAL, a, new FloatMatrix(3, 3), a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is the input A (3x3)");
    }

    @Test
    void rowSumsAndColumnBroadcastAreTheTextbookOnes() {
        FloatMatrix m = new FloatMatrix(2, 3, new float[]{1, 2, 3, 4, 5, 6});
        FloatMatrix s = new FloatMatrix(2, 1);
        FloatOps.sumRows(m, s);
        assertThat(s.data).containsExactly(6f, 15f);
        FloatOps.addToColumns(new FloatMatrix(2, 1, new float[]{10, 20}), m);
        assertThat(m.data).containsExactly(11f, 12f, 13f, 24f, 25f, 26f);
    }

    /**
     * Each entry within γ_n Σ_t |A_it B_tj| of the exact sum (n = depth, γ_n = nu/(1 − nu)): the classic bound for a
     * sum of n products rounded in any order, which fused multiply-adds only tighten. Exact: the reference is double.
     */
    private static void assertWithinRounding(String what, FloatMatrix c, Matrix a, Matrix b) {
        Matrix exact = new Matrix(a.rows, b.cols);
        Naive.mult(a, b, exact);
        Matrix absA = abs(a), absB = abs(b), bound = new Matrix(a.rows, b.cols);
        Naive.mult(absA, absB, bound);
        double gamma = a.cols * U / (1 - a.cols * U);
        for (int i = 0; i < exact.data.length; i++) {
            double err = Math.abs(c.data[i] - exact.data[i]);
            if (err > gamma * bound.data[i] + 1e-30) {
                assertThat(err).as("%s entry %d: |%s − %s|", what, i, c.data[i], exact.data[i])
                        .isLessThanOrEqualTo(gamma * bound.data[i]);
            }
        }
    }

    private static Matrix abs(Matrix m) {
        Matrix r = m.copy();
        for (int i = 0; i < r.data.length; i++) r.data[i] = Math.abs(r.data[i]);
        return r;
    }

    private static FloatMatrix copy(FloatMatrix m) {
        return new FloatMatrix(m.rows, m.cols, m.data.clone());
    }

    private static FloatMatrix random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        FloatMatrix m = new FloatMatrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = (float) r.nextGaussian();
        return m;
    }

    /** relu and ∇h ⊙ relu′ in every kernel: the scalar forms exactly, NaN, −0 and ±∞ included, lanes and tail. */
    @Test
    void reluAndItsBackwardAreTheScalarFormsExactlyInEveryKernel() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        int n = 1003;
        float[] z = new float[n], d = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) random.nextDouble(-3, 3);
            d[i] = (float) random.nextDouble(-3, 3);
        }
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        System.arraycopy(special, 0, z, 0, special.length);
        d[7] = Float.NaN;                 // a NaN gradient where z > 0 and where z ≤ 0: it must stay NaN in both
        z[7] = 1f;
        d[8] = Float.POSITIVE_INFINITY;
        z[8] = -1f;
        for (FloatKernel kernel : kernels()) {
            float[] h = new float[n], r = new float[n];
            kernel.relu(z, h, n);
            kernel.reluBack(z, d, r, n);
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToIntBits(h[i])).as("%s relu(%s)", kernel.name(), z[i])
                        .isEqualTo(Float.floatToIntBits(z[i] > 0 ? z[i] : 0f));
                assertThat(Float.floatToIntBits(r[i])).as("%s back(%s, %s)", kernel.name(), z[i], d[i])
                        .isEqualTo(Float.floatToIntBits(d[i] * (z[i] > 0 ? 1f : 0f)));
            }
            assertThat(Float.floatToRawIntBits(h[1])).as("relu(−0) is +0").isZero();
            assertThat(r[8]).as("∞ · 0 is NaN, as in the scalar form").isNaN();
        }
    }
}
