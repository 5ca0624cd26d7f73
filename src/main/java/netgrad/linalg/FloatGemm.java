package netgrad.linalg;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs the float32 products of {@link FloatOps} as {@link Gemm} runs the double ones: on {@link FloatVectorKernel}
 * when the module {@code jdk.incubator.vector} is loaded (and {@code netgrad.kernel} is not {@code scalar}), else on
 * {@link FloatScalarKernel}; Aᵀ read through strides, Bᵀ transposed once into a per-thread scratch array; large
 * products split into blocks of rows (multiples of 6) over threads, which changes no bit of the result.
 */
final class FloatGemm {
    private FloatGemm() {}

    static final FloatKernel KERNEL = choose();
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static FloatKernel choose() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule && !"scalar".equals(System.getProperty("netgrad.kernel"))) {
            try {
                return (FloatKernel) Class.forName("netgrad.linalg.FloatVectorKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new FloatScalarKernel();
            }
        }
        return new FloatScalarKernel();
    }

    /** C (+)= A·B; A m×n, B n×p, C m×p. */
    static void mult(FloatKernel kernel, int threads, FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate) {
        run(kernel, threads, a.data, a.cols, 1, b.data, c.data, a.rows, a.cols, b.cols, accumulate);
    }

    /** C = Aᵀ·B; A n×m, B n×p, C m×p: A(i, t) = a[t·m + i]. */
    static void multTransA(FloatKernel kernel, int threads, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        run(kernel, threads, a.data, 1, a.cols, b.data, c.data, a.cols, a.rows, b.cols, false);
    }

    /** C = A·Bᵀ; A m×n, B p×n, C m×p: Bᵀ (n×p) is written to scratch first. */
    static void multTransB(FloatKernel kernel, int threads, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        int n = b.cols, p = b.rows;
        float[] bt = scratch(n * p);
        transpose(b.data, p, n, bt);
        run(kernel, threads, a.data, a.cols, 1, bt, c.data, a.rows, n, p, false);
    }

    /** The kernel over all rows of C, in blocks of rows (multiples of 6) one per thread when the product is big. */
    private static void run(FloatKernel kernel, int threads, float[] a, int ars, int acs, float[] b, float[] c,
                            int rows, int depth, int cols, boolean accumulate) {
        int parts = Math.min(threads, rows / 8);
        if (parts < 2 || 2L * rows * depth * cols < Gemm.PARALLEL_FLOPS) {
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

    /** out (cols × rows) = inᵀ for in (rows × cols), four rows of {@code in} at a time (as {@link Gemm#transpose}). */
    static void transpose(float[] in, int rows, int cols, float[] out) {
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

    private static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }
}
