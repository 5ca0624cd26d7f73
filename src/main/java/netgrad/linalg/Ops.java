package netgrad.linalg;

import java.util.function.DoubleUnaryOperator;

/**
 * The one small linear-algebra core every engine shares. Names follow the math (as in EJML):
 * the last argument is the output and is the only one modified; it must not alias an input
 * of a product. Shape mismatches throw {@link IllegalArgumentException} naming both shapes.
 */
public final class Ops {
    private Ops() {}

    /** C = A·B. A is m×n, B is n×p, C is m×p (overwritten). */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "mult", a, b, c);
        java.util.Arrays.fill(c.data, 0.0);
        multAdd(a, b, c);
    }

    /** C += A·B. A is m×n, B is n×p, C is m×p. */
    public static void multAdd(Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "multAdd", a, b, c);
        int m = a.rows, n = a.cols, p = b.cols;
        double[] ad = a.data, bd = b.data, cd = c.data;
        for (int i = 0; i < m; i++) {
            int ci = i * p;
            for (int k = 0; k < n; k++) {
                double aik = ad[i * n + k];
                if (aik == 0.0) continue;
                int bk = k * p;
                for (int j = 0; j < p; j++) {
                    cd[ci + j] += aik * bd[bk + j];
                }
            }
        }
    }

    /** C = Aᵀ·B. A is n×m, B is n×p, C is m×p (overwritten). */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        check(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "multTransA", a, b, c);
        java.util.Arrays.fill(c.data, 0.0);
        int n = a.rows, m = a.cols, p = b.cols;
        double[] ad = a.data, bd = b.data, cd = c.data;
        for (int k = 0; k < n; k++) {
            int bk = k * p;
            for (int i = 0; i < m; i++) {
                double aki = ad[k * m + i];
                if (aki == 0.0) continue;
                int ci = i * p;
                for (int j = 0; j < p; j++) {
                    cd[ci + j] += aki * bd[bk + j];
                }
            }
        }
    }

    /** C = A·Bᵀ. A is m×n, B is p×n, C is m×p (overwritten). */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        check(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "multTransB", a, b, c);
        int m = a.rows, n = a.cols, p = b.rows;
        double[] ad = a.data, bd = b.data, cd = c.data;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += ad[i * n + k] * bd[j * n + k];
                }
                cd[i * p + j] = s;
            }
        }
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
