package netgrad.train;

import netgrad.linalg.FloatOps;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;

/** Checks for NaN and ±∞ ({@link Ops#allFinite}: the sum of 0·v is NaN exactly when some v is NaN or ±∞). */
final class Finite {
    private Finite() {}

    /** True when every entry is finite. */
    static boolean all(Matrix m) {
        return all(m.data, 0, m.data.length);
    }

    /** True when entries from..to−1 of {@code d} are all finite. */
    static boolean all(double[] d, int from, int to) {
        return Ops.allFinite(d, from, to);
    }

    /** The same for floats. */
    static boolean all(float[] d, int from, int to) {
        return FloatOps.allFinite(d, from, to);
    }
}
