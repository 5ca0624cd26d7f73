package netgrad.linalg;

/**
 * The float32 counterpart of {@link Kernel}, for rows i in [rowStart, rowEnd) of C:
 * <pre>  C_ij (+)= Σ_{t&lt;depth} A(i, t) · B_tj,   A(i, t) = a[i·aRowStride + t·aColStride]  </pre>
 * B row-major (depth × cols), C row-major (· × cols). Every entry is the chain of fused multiply-adds
 * s ← fma(A(i, t), B_tj, s) for t = 0, 1, …, depth − 1 from s = 0 (or C_ij), whatever tile computes it, so the
 * result does not depend on the tiling, the row split or the kernel, bit for bit.
 * <p>It also computes tanh, the one elementwise function of a training step whose cost rivals the products'
 * ({@link FloatTanh}: the same operations in the same order in every kernel).
 */
interface FloatKernel {
    void multiply(float[] a, int aRowStride, int aColStride, float[] b, float[] c,
                  int rowStart, int rowEnd, int depth, int cols, boolean accumulate);

    /** out[i] = tanh(in[i]) for i &lt; n ({@link FloatTanh#tanh}); out may be in. */
    void tanh(float[] in, float[] out, int n);

    /** A short name for benchmark tables. */
    String name();

    /** h[i] = z[i] &gt; 0 ? z[i] : 0 for i &lt; n (relu; NaN and −0 give 0); h may be z. */
    default void relu(float[] z, float[] h, int n) {
        for (int i = 0; i < n; i++) h[i] = z[i] > 0 ? z[i] : 0f;
    }

    /** r[i] = d[i] · (z[i] &gt; 0 ? 1 : 0) for i &lt; n (∇a = ∇h ⊙ relu′(a)); r may be d. */
    default void reluBack(float[] z, float[] d, float[] r, int n) {
        for (int i = 0; i < n; i++) r[i] = d[i] * (z[i] > 0 ? 1f : 0f);
    }

    /** Whether d[from..to) are all finite (the sum of 0·d_i, as {@link Kernel#allFinite}). */
    default boolean allFinite(float[] d, int from, int to) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += 0 * d[i];
            s1 += 0 * d[i + 1];
            s2 += 0 * d[i + 2];
            s3 += 0 * d[i + 3];
        }
        for (; i < to; i++) {
            s0 += 0 * d[i];
        }
        return s0 + s1 + s2 + s3 == 0;
    }
}
