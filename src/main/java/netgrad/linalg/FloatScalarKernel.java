package netgrad.linalg;

/**
 * The portable float32 kernel, used when the Vector API module is not loaded: C in register tiles of 4 × 4 scalars
 * (16 accumulators over the whole sum over t), leftover rows and columns one dot product at a time. Every entry is
 * the same chain of {@code Math.fma} as in {@link FloatVectorKernel}, so both kernels give the same bits.
 */
final class FloatScalarKernel implements FloatKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(float[] a, int ars, int acs, float[] b, float[] c,
                         int rowStart, int rowEnd, int depth, int cols, boolean accumulate) {
        int i = rowStart;
        for (; i + 4 <= rowEnd; i += 4) {
            int j = 0;
            for (; j + 4 <= cols; j += 4) {
                tile4x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            for (int r = i; r < i + 4; r++) {
                dotRow(a, ars, acs, b, c, r, j, depth, cols, accumulate);
            }
        }
        for (; i < rowEnd; i++) {
            dotRow(a, ars, acs, b, c, i, 0, depth, cols, accumulate);
        }
    }

    @Override
    public void tanh(float[] in, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = FloatTanh.tanh(in[i]);
    }

    private static void tile4x4(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
        float c00 = start(c, r0, accumulate), c01 = start(c, r0 + 1, accumulate);
        float c02 = start(c, r0 + 2, accumulate), c03 = start(c, r0 + 3, accumulate);
        float c10 = start(c, r1, accumulate), c11 = start(c, r1 + 1, accumulate);
        float c12 = start(c, r1 + 2, accumulate), c13 = start(c, r1 + 3, accumulate);
        float c20 = start(c, r2, accumulate), c21 = start(c, r2 + 1, accumulate);
        float c22 = start(c, r2 + 2, accumulate), c23 = start(c, r2 + 3, accumulate);
        float c30 = start(c, r3, accumulate), c31 = start(c, r3 + 1, accumulate);
        float c32 = start(c, r3 + 2, accumulate), c33 = start(c, r3 + 3, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            float b0 = b[bt], b1 = b[bt + 1], b2 = b[bt + 2], b3 = b[bt + 3];
            int at = ai + t * acs;
            float x0 = a[at], x1 = a[at + ars], x2 = a[at + 2 * ars], x3 = a[at + 3 * ars];
            c00 = Math.fma(x0, b0, c00); c01 = Math.fma(x0, b1, c01); c02 = Math.fma(x0, b2, c02); c03 = Math.fma(x0, b3, c03);
            c10 = Math.fma(x1, b0, c10); c11 = Math.fma(x1, b1, c11); c12 = Math.fma(x1, b2, c12); c13 = Math.fma(x1, b3, c13);
            c20 = Math.fma(x2, b0, c20); c21 = Math.fma(x2, b1, c21); c22 = Math.fma(x2, b2, c22); c23 = Math.fma(x2, b3, c23);
            c30 = Math.fma(x3, b0, c30); c31 = Math.fma(x3, b1, c31); c32 = Math.fma(x3, b2, c32); c33 = Math.fma(x3, b3, c33);
        }
        c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }

    /** Columns jStart.. of row i of C, one fused dot product each. */
    private static void dotRow(float[] a, int ars, int acs, float[] b, float[] c,
                               int i, int jStart, int depth, int cols, boolean accumulate) {
        for (int j = jStart; j < cols; j++) {
            float s = start(c, i * cols + j, accumulate);
            for (int t = 0; t < depth; t++) {
                s = Math.fma(a[i * ars + t * acs], b[t * cols + j], s);
            }
            c[i * cols + j] = s;
        }
    }

    private static float start(float[] c, int at, boolean accumulate) {
        return accumulate ? c[at] : 0f;
    }
}
