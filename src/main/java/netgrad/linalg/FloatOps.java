package netgrad.linalg;

/**
 * The float32 counterpart of the products of {@link Ops}, for training in single precision (verify and the three
 * engines never use it). As there, the last argument is the output and the only one modified, a product's output
 * must not be one of its inputs, shape mismatches throw {@link IllegalArgumentException} naming the shapes, and large
 * products are split over the threads of a {@link Parallelism} without changing a bit (see {@link FloatGemm}).
 * Each entry of a product is the chain of fused multiply-adds over t in order (see {@link FloatKernel}).
 */
public final class FloatOps {
    private FloatOps() {}

    /** C = A·B on up to {@code parallelism} threads. A is m×n, B is n×p, C is m×p (overwritten; not A or B). */
    public static void mult(Parallelism parallelism, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "mult", a, b, c);
        distinct("mult", a, b, c);
        FloatGemm.mult(FloatGemm.KERNEL, parallelism.threads(), a, b, c, false);
    }

    /** C = Aᵀ·B on up to {@code parallelism} threads. A is n×m, B is n×p, C is m×p (overwritten; not A or B). */
    public static void multTransA(Parallelism parallelism, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        check(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "multTransA", a, b, c);
        distinct("multTransA", a, b, c);
        FloatGemm.multTransA(FloatGemm.KERNEL, parallelism.threads(), a, b, c);
    }

    /** C = A·Bᵀ on up to {@code parallelism} threads. A is m×n, B is p×n, C is m×p (overwritten; not A or B). */
    public static void multTransB(Parallelism parallelism, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        check(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "multTransB", a, b, c);
        distinct("multTransB", a, b, c);
        FloatGemm.multTransB(FloatGemm.KERNEL, parallelism.threads(), a, b, c);
    }

    /**
     * Rows [rowFrom, rowTo) of C = A·B, or C += A·B on those rows when {@code accumulate}, on this thread (as
     * {@link Ops#multRows}: C = A₁B₁ then C += A₂B₂ gives the bits of [A₁ A₂]·[B₁; B₂]).
     */
    public static void multRows(FloatMatrix a, FloatMatrix b, FloatMatrix c, int rowFrom, int rowTo, boolean accumulate) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "multRows", a, b, c);
        distinct("multRows", a, b, c);
        if (rowFrom < 0 || rowFrom > rowTo || rowTo > c.rows) {
            throw new IllegalArgumentException("multRows: rows " + rowFrom + ".." + rowTo + " of " + c.shape());
        }
        FloatGemm.KERNEL.multiply(a.data, a.cols, 1, b.data, c.data, rowFrom, rowTo, a.cols, b.cols, accumulate);
    }

    /** B = Aᵀ: A is m×n, B is n×m (overwritten; not A). */
    public static void transpose(FloatMatrix a, FloatMatrix b) {
        check(b.rows == a.cols && b.cols == a.rows, "transpose", a, b, b);
        if (a.data == b.data) throw new IllegalArgumentException("transpose: the output is the input " + a.shape());
        FloatGemm.transpose(a.data, a.rows, a.cols, b.data);
    }

    /** H = relu(A) = max(A, 0) entrywise (NaN and −0 give 0); H may be A. */
    public static void relu(FloatMatrix a, FloatMatrix h) {
        check(a.sameShape(h), "relu", a, h, h);
        FloatGemm.KERNEL.relu(a.data, h.data, a.data.length);
    }

    /** R = D ⊙ [A &gt; 0] (∇a = ∇h ⊙ relu′(a)); R may be D. */
    public static void reluBack(FloatMatrix a, FloatMatrix d, FloatMatrix r) {
        check(a.sameShape(d) && a.sameShape(r), "reluBack", a, d, r);
        FloatGemm.KERNEL.reluBack(a.data, d.data, r.data, a.data.length);
    }

    /** H = tanh(A), elementwise ({@link FloatTanh}: within 5 ulps of tanh); H may be A. */
    public static void tanh(FloatMatrix a, FloatMatrix h) {
        check(a.sameShape(h), "tanh", a, h, h);
        FloatGemm.KERNEL.tanh(a.data, h.data, a.data.length);
    }

    /** A += b·1ᵀ: adds the column vector b (m×1) to every column of A (m×p). A is modified. */
    public static void addToColumns(FloatMatrix b, FloatMatrix a) {
        check(b.cols == 1 && b.rows == a.rows, "addToColumns", b, a, a);
        int p = a.cols;
        for (int i = 0; i < a.rows; i++) {
            float bi = b.data[i];
            for (int j = 0; j < p; j++) {
                a.data[i * p + j] += bi;
            }
        }
    }

    /** s = A·1: the sum of each row of A (m×p), left to right, into s (m×1, overwritten). */
    public static void sumRows(FloatMatrix a, FloatMatrix s) {
        check(s.rows == a.rows && s.cols == 1, "sumRows", a, s, s);
        int p = a.cols;
        for (int i = 0; i < a.rows; i++) {
            float sum = 0;
            for (int j = 0; j < p; j++) {
                sum += a.data[i * p + j];
            }
            s.data[i] = sum;
        }
    }

    /** Whether d[from..to) are all finite (no NaN, no ±∞), on the kernel in use: a vector of entries at a time. */
    public static boolean allFinite(float[] d, int from, int to) {
        return FloatGemm.KERNEL.allFinite(d, from, to);
    }

    /** The name of the float32 product kernel in use ("vector512" with AVX-512 and the Vector API, else "scalar"). */
    public static String kernel() {
        return FloatGemm.KERNEL.name();
    }

    private static void distinct(String op, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        if (c.data == a.data || c.data == b.data) {
            String input = c.data == a.data ? "A " + a.shape() : "B " + b.shape();
            throw new IllegalArgumentException(op + ": the output C " + c.shape() + " is the input " + input
                    + "; write the product into another matrix");
        }
    }

    private static void check(boolean ok, String op, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes do not fit: " + a.shape() + " " + b.shape() + " -> " + c.shape());
        }
    }
}
