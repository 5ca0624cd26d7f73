package netgrad.train;

import netgrad.linalg.Matrix;

/** Checks for NaN and ±∞. */
final class Finite {
    private Finite() {}

    /** True when every entry is finite: 0·v is NaN exactly when v is NaN or ±∞, so the sum of 0·v tells. */
    static boolean all(Matrix m) {
        double[] d = m.data;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < d.length; i += 4) {
            s0 += 0 * d[i];
            s1 += 0 * d[i + 1];
            s2 += 0 * d[i + 2];
            s3 += 0 * d[i + 3];
        }
        for (; i < d.length; i++) {
            s0 += 0 * d[i];
        }
        return s0 + s1 + s2 + s3 == 0;
    }
}
