package netgrad.linalg;

/**
 * A matrix-product micro-kernel on raw arrays: for rows i in [rowStart, rowEnd) of C,
 * <pre>  C_ij (+)= Σ_{t&lt;depth} A(i, t) · B_tj,   A(i, t) = a[i·aRowStride + t·aColStride]  </pre>
 * with B row-major (depth × cols) and C row-major (· × cols). The strides let one kernel read A or Aᵀ.
 * When {@code accumulate} is false the rows of C are overwritten, else added to.
 */
interface Kernel {
    void multiply(double[] a, int aRowStride, int aColStride, double[] b, double[] c,
                  int rowStart, int rowEnd, int depth, int cols, boolean accumulate);

    /** A short name for benchmark tables. */
    String name();

    /**
     * Whether d[from..to) are all finite: the sum of 0·d_i is ±0 for finite entries and NaN as soon as one is NaN
     * or ±∞. This form adds one entry at a time; {@link VectorKernel} adds a vector of entries at a time.
     */
    default boolean allFinite(double[] d, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
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
