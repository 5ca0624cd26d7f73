package netgrad.train;

import netgrad.linalg.Matrix;

/** Checks for NaN and ±∞. */
final class Finite {
    private Finite() {}

    /** True when every entry is finite: 0·v is NaN exactly when v is NaN or ±∞, so the sum of 0·v tells. */
    static boolean all(Matrix m) {
        return all(m.data, 0, m.data.length);
    }

    /** True when entries from..to−1 of {@code d} are all finite (the same sum of 0·v). */
    static boolean all(double[] d, int from, int to) {
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
