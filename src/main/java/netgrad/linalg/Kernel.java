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
}
