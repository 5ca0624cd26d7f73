package netgrad.linalg;

/**
 * The textbook triple loops, C_ij = Σ_t A_it B_tj with the sum innermost: the baseline the fast kernels are
 * measured and tested against. Same shapes and argument order as {@link Ops}; no shape checks.
 */
public final class Naive {
    private Naive() {}

    /** C = A·B. A is m×n, B is n×p, C is m×p. */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        int m = a.rows, n = a.cols, p = b.cols;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += a.data[i * n + t] * b.data[t * p + j];
                }
                c.data[i * p + j] = s;
            }
        }
    }

    /** C = Aᵀ·B. A is n×m, B is n×p, C is m×p. */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        int n = a.rows, m = a.cols, p = b.cols;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += a.data[t * m + i] * b.data[t * p + j];
                }
                c.data[i * p + j] = s;
            }
        }
    }

    /** C = A·Bᵀ. A is m×n, B is p×n, C is m×p. */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        int m = a.rows, n = a.cols, p = b.rows;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += a.data[i * n + t] * b.data[j * n + t];
                }
                c.data[i * p + j] = s;
            }
        }
    }
}
