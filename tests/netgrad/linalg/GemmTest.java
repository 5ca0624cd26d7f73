package netgrad.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast products (each kernel, and Ops) against the textbook triple loop on shapes of every awkward size. */
class GemmTest {
    /**
     * Sums of up to 784 products of N(0, 1) entries (size ~√784 = 28) computed in another order or with fused
     * multiply-adds: the rounding differences stay below 784 · 28 · 2⁻⁵³ ≈ 2.4e-12.
     */
    private static final double ROUNDING = 1e-11;

    /** m, n, p: 1×1, shapes that are not multiples of the 6- and 4-row tiles or of the vector width, the network's shapes. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {7, 13, 5}, {3, 2, 9}, {4, 1, 8}, {6, 5, 32}, {12, 9, 70}, {11, 4, 33}, {17, 3, 100}, {5, 17, 33}, {129, 65, 31}, {8, 8, 40}, {9, 3, 71},
            {128, 784, 64}, {10, 128, 64}, {0, 3, 4}, {3, 0, 4}};

    private static List<Kernel> kernels() {
        return List.of(new ScalarKernel(), new VectorKernel());
    }

    @Test
    void multMatchesTheTripleLoopOnEveryShapeWithEveryKernel() {
        for (Kernel kernel : kernels()) {
            for (int[] s : SHAPES) {
                Matrix a = random(s[0], s[1], 1), b = random(s[1], s[2], 2);
                Matrix expected = new Matrix(s[0], s[2]);
                Naive.mult(a, b, expected);
                Matrix c = filled(s[0], s[2], Double.NaN);
                Gemm.mult(kernel, 1, a, b, c, false);
                assertClose(kernel.name() + " mult " + a.shape() + b.shape(), c, expected);
            }
        }
    }

    @Test
    void multAddAccumulatesIntoTheOutput() {
        for (Kernel kernel : kernels()) {
            for (int[] s : SHAPES) {
                Matrix a = random(s[0], s[1], 3), b = random(s[1], s[2], 4), c0 = random(s[0], s[2], 5);
                Matrix expected = new Matrix(s[0], s[2]);
                Naive.mult(a, b, expected);
                Ops.addScaled(1.0, c0, expected);
                Matrix c = c0.copy();
                Gemm.mult(kernel, 1, a, b, c, true);
                assertClose(kernel.name() + " multAdd " + a.shape() + b.shape(), c, expected);
            }
        }
    }

    @Test
    void multTransAMatchesTheTripleLoopOnEveryShapeWithEveryKernel() {
        for (Kernel kernel : kernels()) {
            for (int[] s : SHAPES) {
                Matrix a = random(s[1], s[0], 6), b = random(s[1], s[2], 7);
                Matrix expected = new Matrix(s[0], s[2]);
                Naive.multTransA(a, b, expected);
                Matrix c = filled(s[0], s[2], Double.NaN);
                Gemm.multTransA(kernel, 1, a, b, c);
                assertClose(kernel.name() + " multTransA " + a.shape() + b.shape(), c, expected);
            }
        }
    }

    @Test
    void multTransBMatchesTheTripleLoopOnEveryShapeWithEveryKernel() {
        for (Kernel kernel : kernels()) {
            for (int[] s : SHAPES) {
                Matrix a = random(s[0], s[1], 8), b = random(s[2], s[1], 9);
                Matrix expected = new Matrix(s[0], s[2]);
                Naive.multTransB(a, b, expected);
                Matrix c = filled(s[0], s[2], Double.NaN);
                Gemm.multTransB(kernel, 1, a, b, c);
                assertClose(kernel.name() + " multTransB " + a.shape() + b.shape(), c, expected);
            }
        }
    }

    @Test
    void splittingOverThreadsGivesTheSameBitsAsOneThread() {
        for (int[] s : new int[][] {{129, 300, 65}, {128, 784, 64}, {37, 200, 200}}) {
            Matrix a = random(s[0], s[1], 11), b = random(s[1], s[2], 12);
            assertThat(2L * s[0] * s[1] * s[2]).isGreaterThanOrEqualTo(Gemm.PARALLEL_FLOPS);
            Matrix sequential = new Matrix(s[0], s[2]);
            Ops.mult(Parallelism.SEQUENTIAL, a, b, sequential);
            for (int threads : new int[] {2, 3, 5}) {
                Matrix parallel = new Matrix(s[0], s[2]);
                Ops.mult(Parallelism.of(threads), a, b, parallel);
                assertThat(parallel.data).as(threads + " threads " + a.shape() + b.shape()).isEqualTo(sequential.data);
            }
        }
    }

    @Test
    void opsUsesTheVectorKernelWhenTheModuleIsLoaded() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(Ops.kernel()).startsWith("vector");
    }

    @Test
    void opsProductsAgreeWithTheTextbookDefinitionOnASmallExample() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        Matrix c = new Matrix(2, 2);
        Ops.mult(a, b, c);
        assertThat(c.data).containsExactly(4, 5, 10, 11);
        Matrix ata = new Matrix(3, 3);
        Ops.multTransA(a, a, ata);
        assertThat(ata.data).containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
        Matrix aat = new Matrix(2, 2);
        Ops.multTransB(a, a, aat);
        assertThat(aat.data).containsExactly(14, 32, 32, 77);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        assertThatThrownBy(() -> Ops.mult(new Matrix(3, 4), new Matrix(5, 2), new Matrix(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(3x4) (5x2)");
        assertThatThrownBy(() -> Ops.multTransB(new Matrix(3, 4), new Matrix(2, 5), new Matrix(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(3x4) (2x5)");
    }

    @Test
    void fastTransposeMatchesTheMatrixTranspose() {
        for (int[] s : new int[][] {{45, 70}, {1, 9}, {9, 1}, {4, 4}, {784, 64}}) {
            Matrix m = random(s[0], s[1], 10);
            double[] out = new double[m.size()];
            Gemm.transpose(m.data, m.rows, m.cols, out);
            assertThat(out).as(m.shape()).isEqualTo(m.transpose().data);
        }
    }

    private static Matrix random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = r.nextGaussian();
        return m;
    }

    private static Matrix filled(int rows, int cols, double value) {
        Matrix m = new Matrix(rows, cols);
        java.util.Arrays.fill(m.data, value);
        return m;
    }

    private static void assertClose(String what, Matrix actual, Matrix expected) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        for (int i = 0; i < expected.data.length; i++) {
            assertThat(actual.data[i]).as(what + " entry " + i).isCloseTo(expected.data[i], within(ROUNDING));
        }
    }
}
