package netgrad.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import netgrad.linalg.Matrix;

/**
 * How a trace prints numbers: {@value #DIGITS} significant digits ({@code %.4g}, ASCII minus, so a printed
 * number can be pasted back), and vectors and matrices of at most {@value #MAX_FULL} entries a side in full;
 * larger ones as a preview (first entries, …, last entry) so a 784-input network stays readable.
 */
public final class Numbers {
    private Numbers() {}

    /** Significant digits of every printed number. */
    public static final int DIGITS = 4;
    /** Rows or columns printed in full up to this count. */
    public static final int MAX_FULL = 7;
    /** Entries shown before the ellipsis in a preview. */
    static final int PREVIEW_HEAD = 4;

    /** One number, e.g. {@code 0.1235}, {@code -2.000}, {@code 1.235e-05}; −0 (a dropped unit's −z · 0) as 0. */
    public static String format(double value) {
        return String.format(Locale.ROOT, "%." + DIGITS + "g", value == 0 ? 0.0 : value);
    }

    /** The printed entries of a row or column of n values: all of them, or the head, "…" and the last. */
    static List<Integer> shownIndices(int n) {
        List<Integer> shown = new ArrayList<>();
        if (n <= MAX_FULL) {
            for (int i = 0; i < n; i++) {
                shown.add(i);
            }
        } else {
            for (int i = 0; i < PREVIEW_HEAD; i++) {
                shown.add(i);
            }
            shown.add(-1); // the ellipsis
            shown.add(n - 1);
        }
        return shown;
    }

    /**
     * The lines of a matrix: a vector (one column) as one bracketed row {@code [0.1, 0.2]}, a matrix as one
     * bracketed line per shown row. Summarised rows and columns print as {@code …}.
     */
    public static List<String> lines(Matrix m) {
        List<String> out = new ArrayList<>();
        if (m.cols == 1) {
            out.add(row(m, -1));
            return out;
        }
        for (int i : shownIndices(m.rows)) {
            out.add(i < 0 ? "…" : row(m, i));
        }
        return out;
    }

    /** Row {@code i} of m in brackets, or (i = −1) the single column of a vector. */
    private static String row(Matrix m, int i) {
        int n = i < 0 ? m.rows : m.cols;
        StringBuilder s = new StringBuilder("[");
        for (int j : shownIndices(n)) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(j < 0 ? "…" : format(i < 0 ? m.get(j, 0) : m.get(i, j)));
        }
        return s.append(']').toString();
    }

    /** ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞), 0 when both are zero: how far two engines' values for one quantity differ. */
    public static double relativeDifference(Matrix a, Matrix b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.data.length; i++) {
            diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
            scale = Math.max(scale, Math.max(Math.abs(a.data[i]), Math.abs(b.data[i])));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
