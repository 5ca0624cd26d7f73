package netgrad.linalg;

import java.util.function.DoubleUnaryOperator;

/**
 * The one small linear-algebra core every engine shares. Names follow the math (as in EJML), and in every method
 * <b>the last argument is the output and the only one modified</b>: products and {@link #sumRows} overwrite it,
 * the updates {@link #addToColumns}, {@link #addScaled} and {@link #scale} add to or scale it in place. The output
 * of a product ({@link #mult}, {@link #multAdd}, {@link #multTransA}, {@link #multTransB}) must not be one of its
 * inputs (it would be overwritten while still being read): that throws {@link IllegalArgumentException} naming
 * both arguments and their shapes. Elementwise methods say where their output may alias an input.
 * Shape mismatches throw {@link IllegalArgumentException} naming the shapes, e.g. {@code (3x4) (5x2) -> (3x2)}.
 * <p>The products run on a register-tiled kernel (SIMD through the Vector API when its module is loaded); see
 * {@link Gemm}. Their results may differ from {@link Naive}'s in the last bits (fused multiply-add, order of sums).
 * Large products are split over the threads of a {@link Parallelism} given as the first argument, or of
 * {@link Parallelism#DEFAULT} without one; the result is the same bit for bit either way.
 */
public final class Ops {
    private Ops() {}

    /** C = A·B. A is m×n, B is n×p, C is m×p (overwritten; not A or B). */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        mult(Parallelism.DEFAULT, a, b, c);
    }

    /** C = A·B on up to {@code parallelism} threads. A is m×n, B is n×p, C is m×p (overwritten; not A or B). */
    public static void mult(Parallelism parallelism, Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "mult", a, b, c);
        distinct("mult", a, b, c);
        Gemm.mult(Gemm.kernel(), parallelism.threads(), a, b, c, false);
    }

    /** C += A·B. A is m×n, B is n×p, C is m×p (not A or B). */
    public static void multAdd(Matrix a, Matrix b, Matrix c) {
        multAdd(Parallelism.DEFAULT, a, b, c);
    }

    /** C += A·B on up to {@code parallelism} threads. A is m×n, B is n×p, C is m×p (not A or B). */
    public static void multAdd(Parallelism parallelism, Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "multAdd", a, b, c);
        distinct("multAdd", a, b, c);
        Gemm.mult(Gemm.kernel(), parallelism.threads(), a, b, c, true);
    }

    /** C = Aᵀ·B. A is n×m, B is n×p, C is m×p (overwritten; not A or B). */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        multTransA(Parallelism.DEFAULT, a, b, c);
    }

    /** C = Aᵀ·B on up to {@code parallelism} threads. A is n×m, B is n×p, C is m×p (overwritten; not A or B). */
    public static void multTransA(Parallelism parallelism, Matrix a, Matrix b, Matrix c) {
        check(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "multTransA", a, b, c);
        distinct("multTransA", a, b, c);
        Gemm.multTransA(Gemm.kernel(), parallelism.threads(), a, b, c);
    }

    /** C = A·Bᵀ. A is m×n, B is p×n, C is m×p (overwritten; not A or B). */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        multTransB(Parallelism.DEFAULT, a, b, c);
    }

    /** C = A·Bᵀ on up to {@code parallelism} threads. A is m×n, B is p×n, C is m×p (overwritten; not A or B). */
    public static void multTransB(Parallelism parallelism, Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "multTransB", a, b, c);
        distinct("multTransB", a, b, c);
        Gemm.multTransB(Gemm.kernel(), parallelism.threads(), a, b, c);
    }

    /** Whether d[from..to) are all finite (no NaN, no ±∞), on the kernel in use: a vector of entries at a time. */
    public static boolean allFinite(double[] d, int from, int to) {
        return Gemm.KERNEL.allFinite(d, from, to);
    }

    /** The name of the product kernel in use. */
    public static String kernel() {
        return Gemm.kernel().name();
    }

    /**
     * Rows [rowFrom, rowTo) of C = A·B, or C += A·B on those rows when {@code accumulate}, on this thread; the other
     * rows of C are not touched. A is m×n, B is n×p, C is m×p (not A or B). Each entry is the kernel's chain of
     * multiply-adds over t = 0..n−1 started from 0 or from C's entry, so C = A₁B₁ then C += A₂B₂ gives the same bits as
     * [A₁ A₂]·[B₁; B₂] in one product.
     */
    public static void multRows(Matrix a, Matrix b, Matrix c, int rowFrom, int rowTo, boolean accumulate) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "multRows", a, b, c);
        distinct("multRows", a, b, c);
        if (rowFrom < 0 || rowFrom > rowTo || rowTo > c.rows) {
            throw new IllegalArgumentException("multRows: rows " + rowFrom + ".." + rowTo + " of " + c.shape());
        }
        Gemm.kernel().multiply(a.data, a.cols, 1, b.data, c.data, rowFrom, rowTo, a.cols, b.cols, accumulate);
    }

    /** B = Aᵀ: A is m×n, B is n×m (overwritten; not A). */
    public static void transpose(Matrix a, Matrix b) {
        check(b.rows == a.cols && b.cols == a.rows, "transpose", a, b, b);
        if (a.data == b.data) {
            throw new IllegalArgumentException("transpose: the output is the input " + a.shape());
        }
        Gemm.transpose(a.data, a.rows, a.cols, b.data);
    }

    /** A += b·1ᵀ: adds the column vector b (m×1) to every column of A (m×p). A is modified. */
    public static void addToColumns(Matrix b, Matrix a) {
        check(b.cols == 1 && b.rows == a.rows, "addToColumns", b, a, a);
        int p = a.cols;
        for (int i = 0; i < a.rows; i++) {
            double bi = b.data[i];
            for (int j = 0; j < p; j++) {
                a.data[i * p + j] += bi;
            }
        }
    }

    /** s = A·1: the sum of each row of A (m×p) into s (m×1, overwritten). */
    public static void sumRows(Matrix a, Matrix s) {
        check(s.rows == a.rows && s.cols == 1, "sumRows", a, s, s);
        int p = a.cols;
        for (int i = 0; i < a.rows; i++) {
            double sum = 0;
            for (int j = 0; j < p; j++) {
                sum += a.data[i * p + j];
            }
            s.data[i] = sum;
        }
    }

    /** C = A ⊙ B, elementwise. C may alias A or B. */
    public static void hadamard(Matrix a, Matrix b, Matrix c) {
        check(a.sameShape(b) && a.sameShape(c), "hadamard", a, b, c);
        for (int i = 0; i < a.data.length; i++) {
            c.data[i] = a.data[i] * b.data[i];
        }
    }

    /** B = f(A), elementwise. B may alias A. */
    public static void map(Matrix a, DoubleUnaryOperator f, Matrix b) {
        check(a.sameShape(b), "map", a, b, b);
        for (int i = 0; i < a.data.length; i++) {
            b.data[i] = f.applyAsDouble(a.data[i]);
        }
    }

    /** A += α·B (axpy). A is modified; it may be B. */
    public static void addScaled(double alpha, Matrix b, Matrix a) {
        check(a.sameShape(b), "addScaled", b, a, a);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] += alpha * b.data[i];
        }
    }

    /** A ← α·A. A is modified. */
    public static void scale(double alpha, Matrix a) {
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] *= alpha;
        }
    }

    /** Σ_ij A_ij². */
    public static double sumOfSquares(Matrix a) {
        double s = 0;
        for (double v : a.data) {
            s += v * v;
        }
        return s;
    }

    /** A product writing into one of its inputs would overwrite entries it has still to read. */
    private static void distinct(String op, Matrix a, Matrix b, Matrix c) {
        if (c.data == a.data || c.data == b.data) {
            String input = c.data == a.data ? "A " + a.shape() : "B " + b.shape();
            throw new IllegalArgumentException(op + ": the output C " + c.shape() + " is the input " + input
                    + "; write the product into another matrix");
        }
    }

    private static void check(boolean ok, String op, Matrix a, Matrix b, Matrix c) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes do not fit: " + a.shape() + " " + b.shape() + " -> " + c.shape());
        }
    }
}
