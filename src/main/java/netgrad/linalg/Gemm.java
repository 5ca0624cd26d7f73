package netgrad.linalg;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs the matrix products of {@link Ops} on the best available {@link Kernel}: the Vector API kernel when the
 * module {@code jdk.incubator.vector} is loaded (the launcher adds it for train, bench and evaluate), else the
 * scalar one. The system property {@code netgrad.kernel=scalar} forces the scalar kernel.
 * Aᵀ is read through strides, never copied; Bᵀ (for A·Bᵀ) is transposed once into a per-thread scratch array.
 */
final class Gemm {
    private Gemm() {}

    static final Kernel KERNEL = choose();
    /** A kernel a test plants in place of {@link #KERNEL} (a bug in the shared products), or null. */
    private static volatile Kernel planted;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** Products of at least this many flops (2·m·n·p) are split over threads; below it one thread is faster. */
    static final long PARALLEL_FLOPS = 1L << 20;
    /** The kernel {@link Ops} runs: {@link #KERNEL} unless a test planted another. */
    static Kernel kernel() {
        Kernel k = planted;
        return k != null ? k : KERNEL;
    }

    /** Test support: run products on {@code kernel} (null restores the real one). */
    static void plant(Kernel kernel) {
        planted = kernel;
    }

    private static Kernel choose() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule && !"scalar".equals(System.getProperty("netgrad.kernel"))) {
            try {
                return (Kernel) Class.forName("netgrad.linalg.VectorKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernel();
            }
        }
        return new ScalarKernel();
    }

    /** C (+)= A·B; A m×n, B n×p, C m×p. */
    static void mult(Kernel kernel, int threads, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        run(kernel, threads, a.data, a.cols, 1, b.data, c.data, a.rows, a.cols, b.cols, accumulate);
    }

    /** C = Aᵀ·B; A n×m, B n×p, C m×p: A(i, t) = a[t·m + i]. */
    static void multTransA(Kernel kernel, int threads, Matrix a, Matrix b, Matrix c) {
        run(kernel, threads, a.data, 1, a.cols, b.data, c.data, a.cols, a.rows, b.cols, false);
    }

    /** C = A·Bᵀ; A m×n, B p×n, C m×p: Bᵀ (n×p) is written to scratch first. */
    static void multTransB(Kernel kernel, int threads, Matrix a, Matrix b, Matrix c) {
        int n = b.cols, p = b.rows;
        double[] bt = scratch(n * p);
        transpose(b.data, p, n, bt);
        run(kernel, threads, a.data, a.cols, 1, bt, c.data, a.rows, n, p, false);
    }

    /**
     * The kernel over all rows of C, split into contiguous blocks of rows (multiples of 6, the vector kernel's tile height),
     * one per thread (at most {@code threads}), when the product is big enough. Each entry of C is computed by one
     * thread in the same order either way, so the result does not depend on the number of threads, bit for bit.
     */
    private static void run(Kernel kernel, int threads, double[] a, int ars, int acs, double[] b, double[] c,
                            int rows, int depth, int cols, boolean accumulate) {
        int parts = Math.min(threads, rows / 8);
        if (parts < 2 || 2L * rows * depth * cols < PARALLEL_FLOPS) {
            kernel.multiply(a, ars, acs, b, c, 0, rows, depth, cols, accumulate);
            return;
        }
        int chunk = ((rows + parts - 1) / parts + 5) / 6 * 6;
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
        int submitted = 0;
        for (int start = chunk; start < rows; start += chunk) {
            int from = start, to = Math.min(rows, start + chunk);
            others[submitted++] = ForkJoinPool.commonPool().submit(
                    () -> kernel.multiply(a, ars, acs, b, c, from, to, depth, cols, accumulate));
        }
        kernel.multiply(a, ars, acs, b, c, 0, Math.min(rows, chunk), depth, cols, accumulate);
        for (int t = 0; t < submitted; t++) {
            others[t].join();
        }
    }

    /**
     * out (cols × rows) = inᵀ for in (rows × cols). Four rows of {@code in} at a time, so that each step writes four
     * adjacent entries of an output row (measured 1.7× faster than 32 × 32 blocks for 784 × 64).
     */
    static void transpose(double[] in, int rows, int cols, double[] out) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
            for (int j = 0; j < cols; j++) {
                int o = j * rows + i;
                out[o] = in[r0 + j];
                out[o + 1] = in[r1 + j];
                out[o + 2] = in[r2 + j];
                out[o + 3] = in[r3 + j];
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = in[i * cols + j];
            }
        }
    }

    private static double[] scratch(int size) {
        double[] s = SCRATCH.get();
        if (s.length < size) {
            s = new double[size];
            SCRATCH.set(s);
        }
        return s;
    }
}
