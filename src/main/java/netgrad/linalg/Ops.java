package netgrad.linalg;

import java.util.function.DoubleUnaryOperator;

/**
 * The one small linear-algebra core every engine shares. Names follow the math (as in EJML):
 * the last argument is the output and is the only one modified; it must not alias an input
 * of a product. Shape mismatches throw {@link IllegalArgumentException} naming both shapes.
 * The products run on a register-tiled kernel (SIMD through the Vector API when its module is loaded); see
 * {@link Gemm}. Their results may differ from {@link Naive}'s in the last bits (fused multiply-add, order of sums).
 */
public final class Ops {
    private Ops() {}

    /** C = A·B. A is m×n, B is n×p, C is m×p (overwritten). */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "mult", a, b, c);
        Gemm.mult(Gemm.KERNEL, a, b, c, false);
    }

    /** C += A·B. A is m×n, B is n×p, C is m×p. */
    public static void multAdd(Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "multAdd", a, b, c);
        Gemm.mult(Gemm.KERNEL, a, b, c, true);
    }

    /** C = Aᵀ·B. A is n×m, B is n×p, C is m×p (overwritten). */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        check(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "multTransA", a, b, c);
        Gemm.multTransA(Gemm.KERNEL, a, b, c);
    }

    /** C = A·Bᵀ. A is m×n, B is p×n, C is m×p (overwritten). */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "multTransB", a, b, c);
        Gemm.multTransB(Gemm.KERNEL, a, b, c);
    }

    /** The number of threads a large product is split over (default: the number of processors). */
    public static int threads() {
        return Gemm.threads();
    }

    /** Sets the number of threads for large products; 1 makes every product sequential. Results do not change. */
    public static void threads(int n) {
        Gemm.threads(n);
    }

    /** The name of the product kernel in use ("vector512" with AVX-512 and the Vector API, else "scalar"). */
    public static String kernel() {
        return Gemm.KERNEL.name();
    }

    /** A += b·1ᵀ: adds the column vector b (m×1) to every column of A (m×p). A is modified. */
    public static void addColumn(Matrix a, Matrix b) {
        check(b.cols == 1 && b.rows == a.rows, "addColumn", a, b, a);
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

    /** A += α·B (axpy). A is modified. */
    public static void addScaled(Matrix a, double alpha, Matrix b) {
        check(a.sameShape(b), "addScaled", a, b, a);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] += alpha * b.data[i];
        }
    }

    /** A ← α·A. */
    public static void scale(Matrix a, double alpha) {
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

    private static void check(boolean ok, String op, Matrix a, Matrix b, Matrix c) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes do not fit: " + a.shape() + " " + b.shape() + " -> " + c.shape());
        }
    }
}
