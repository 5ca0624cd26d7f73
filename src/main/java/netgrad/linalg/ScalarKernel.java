package netgrad.linalg;

/**
 * The portable kernel: four rows of C at a time, C_i· += A(i,t)·B_t· over t, with the j loop innermost and
 * contiguous so that C2 can auto-vectorise it. Used when the Vector API module is not loaded.
 */
final class ScalarKernel implements Kernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(double[] a, int ars, int acs, double[] b, double[] c,
                         int rowStart, int rowEnd, int depth, int cols, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, rowStart * cols, rowEnd * cols, 0.0);
        }
        int i = rowStart;
        for (; i + 4 <= rowEnd; i += 4) {
            int c0 = i * cols, c1 = c0 + cols, c2 = c1 + cols, c3 = c2 + cols;
            for (int t = 0; t < depth; t++) {
                int at = i * ars + t * acs;
                double a0 = a[at], a1 = a[at + ars], a2 = a[at + 2 * ars], a3 = a[at + 3 * ars];
                int bt = t * cols;
                for (int j = 0; j < cols; j++) {
                    double btj = b[bt + j];
                    c[c0 + j] += a0 * btj;
                    c[c1 + j] += a1 * btj;
                    c[c2 + j] += a2 * btj;
                    c[c3 + j] += a3 * btj;
                }
            }
        }
        for (; i < rowEnd; i++) {
            int ci = i * cols;
            for (int t = 0; t < depth; t++) {
                double ait = a[i * ars + t * acs];
                int bt = t * cols;
                for (int j = 0; j < cols; j++) {
                    c[ci + j] += ait * b[bt + j];
                }
            }
        }
    }
}
