package netgrad.data;

import java.util.List;
import java.util.SplittableRandom;

import netgrad.linalg.FloatMatrix;
import netgrad.linalg.Matrix;

/**
 * A classification data set: {@link #count()} examples of {@link #features()} unsigned-byte pixels and a class
 * label each. A data set may be a view of a subset of the examples of another (see {@link #split}); nothing is
 * copied. Inputs reach the network through {@link #fillBatch}, which scales pixels to [0, 1] into a reused
 * n_0 × B matrix, one example per column.
 */
public final class DataSet {
    private final String name;
    private final byte[] pixels;
    private final int features;
    private final byte[] labels;
    private final int[] index; // example i of this set is example index[i] of the arrays
    private final List<String> classNames;

    public DataSet(String name, byte[] pixels, int features, byte[] labels, List<String> classNames) {
        this(name, pixels, features, labels, identity(labels.length), classNames);
    }

    private DataSet(String name, byte[] pixels, int features, byte[] labels, int[] index, List<String> classNames) {
        if ((long) labels.length * features != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + pixels.length / Math.max(1, features)
                    + " examples of " + features + " features");
        }
        this.name = name;
        this.pixels = pixels;
        this.features = features;
        this.labels = labels;
        this.index = index;
        this.classNames = List.copyOf(classNames);
    }

    private static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    public String name() {
        return name;
    }

    public int count() {
        return index.length;
    }

    /** n_0, the pixels per example. */
    public int features() {
        return features;
    }

    public int classes() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The class of example i. */
    public int label(int i) {
        return labels[index[i]] & 0xff;
    }

    /** Pixel f of example i scaled to [0, 1]. */
    public double pixel(int i, int f) {
        return (pixels[index[i] * features + f] & 0xff) / 255.0;
    }

    /** v · (1/255) for every byte value v: the entries of x in float64 training, computed once. */
    private static final double[] DOUBLE_PIXELS = new double[256];
    /** fl32(v / 255) for every byte value v: {@link #pixel}'s values rounded to float, computed once. */
    private static final float[] FLOAT_PIXELS = new float[256];
    static {
        for (int v = 0; v < 256; v++) {
            DOUBLE_PIXELS[v] = v * (1.0 / 255.0);
            FLOAT_PIXELS[v] = (float) (v / 255.0);
        }
    }

    /** The two parts of a seeded split: {@code held} (the fraction held out) and {@code rest}. */
    public record Split(DataSet rest, DataSet held) {}

    /**
     * Shuffles the examples with {@code seed} (Fisher–Yates) and holds out round(fraction·count) of them.
     */
    public Split split(double fraction, long seed) {
        int[] order = index.clone();
        shuffle(order, new SplittableRandom(seed));
        int held = (int) Math.round(fraction * order.length);
        int[] heldIdx = java.util.Arrays.copyOfRange(order, 0, held);
        int[] restIdx = java.util.Arrays.copyOfRange(order, held, order.length);
        java.util.Arrays.sort(heldIdx);
        java.util.Arrays.sort(restIdx);
        return new Split(new DataSet(name + " (train)", pixels, features, labels, restIdx, classNames),
                new DataSet(name + " (validation)", pixels, features, labels, heldIdx, classNames));
    }

    /** Fisher–Yates shuffle of {@code a} in place. */
    public static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Copies examples order[from], …, order[from + B − 1] (positions in this set) into the columns of
     * {@code x} (n_0 × B, pixels / 255) and their classes into {@code y} (B entries). B = x.cols.
     */
    public void fillBatch(int[] order, int from, Matrix x, int[] y) {
        fillBatch(order, from, x, y, new int[x.cols]);
    }

    /**
     * {@link #fillBatch(int[], int, Matrix, int[])} with {@code scratch} (at least B ints, overwritten) for the
     * examples' offsets, so that a training step allocates nothing.
     */
    public void fillBatch(int[] order, int from, Matrix x, int[] y, int[] scratch) {
        int batch = x.cols;
        if (x.rows != features || y.length != batch) {
            throw new IllegalArgumentException("batch buffers " + x.shape() + " and " + y.length + " labels for "
                    + features + " features");
        }
        double[] xd = x.data;
        int[] base = scratch;
        for (int j = 0; j < batch; j++) {
            int example = index[order[from + j]];
            y[j] = labels[example] & 0xff;
            base[j] = example * features;
        }
        // eight examples at a time: for each f, pixel f of the eight (eight byte streams, read in order) fills
        // eight adjacent entries of row f of x (one cache line); measured 3× faster than a whole row of x per f
        int j = 0;
        for (; j + 8 <= batch; j += 8) {
            int b0 = base[j], b1 = base[j + 1], b2 = base[j + 2], b3 = base[j + 3];
            int b4 = base[j + 4], b5 = base[j + 5], b6 = base[j + 6], b7 = base[j + 7];
            for (int f = 0, o = j; f < features; f++, o += batch) {
                xd[o] = DOUBLE_PIXELS[pixels[b0 + f] & 0xff];
                xd[o + 1] = DOUBLE_PIXELS[pixels[b1 + f] & 0xff];
                xd[o + 2] = DOUBLE_PIXELS[pixels[b2 + f] & 0xff];
                xd[o + 3] = DOUBLE_PIXELS[pixels[b3 + f] & 0xff];
                xd[o + 4] = DOUBLE_PIXELS[pixels[b4 + f] & 0xff];
                xd[o + 5] = DOUBLE_PIXELS[pixels[b5 + f] & 0xff];
                xd[o + 6] = DOUBLE_PIXELS[pixels[b6 + f] & 0xff];
                xd[o + 7] = DOUBLE_PIXELS[pixels[b7 + f] & 0xff];
            }
        }
        for (; j < batch; j++) {                               // the last B mod 8 examples, one at a time
            for (int f = 0, o = j, b0 = base[j]; f < features; f++, o += batch) {
                xd[o] = DOUBLE_PIXELS[pixels[b0 + f] & 0xff];
            }
        }
    }

    /**
     * xᵀ of {@link #fillBatch}: row j of {@code xT} (B × n_0) is example order[from + j]'s pixels, the same values as
     * column j of x, copied along the example's bytes (the layout of the data set: no transposition needed).
     */
    public void fillTransposed(int[] order, int from, Matrix xT) {
        if (xT.cols != features) {
            throw new IllegalArgumentException("batch buffer " + xT.shape() + " for " + features + " features");
        }
        double[] out = xT.data;
        for (int j = 0; j < xT.rows; j++) {
            int base = index[order[from + j]] * features, o = j * features;
            for (int f = 0; f < features; f++) out[o + f] = DOUBLE_PIXELS[pixels[base + f] & 0xff];
        }
    }

    /** The float32 form of {@link #fillTransposed(int[], int, Matrix)}: fl32(v / 255). */
    public void fillTransposed(int[] order, int from, FloatMatrix xT) {
        if (xT.cols != features) {
            throw new IllegalArgumentException("batch buffer " + xT.shape() + " for " + features + " features");
        }
        float[] out = xT.data;
        for (int j = 0; j < xT.rows; j++) {
            int base = index[order[from + j]] * features, o = j * features;
            for (int f = 0; f < features; f++) out[o + f] = FLOAT_PIXELS[pixels[base + f] & 0xff];
        }
    }

    /**
     * The float32 form of {@link #fillBatch(int[], int, Matrix, int[], int[])}: column j of {@code x} (n_0 × B
     * floats) is example order[from + j]'s pixels as fl32(v / 255), the value {@code (float) pixel(i, f)} gives,
     * looked up in a table of the 256 byte values; the same order of reads and writes.
     */
    public void fillBatch(int[] order, int from, FloatMatrix x, int[] y, int[] scratch) {
        int batch = x.cols;
        if (x.rows != features || y.length != batch) {
            throw new IllegalArgumentException("batch buffers " + x.shape() + " and " + y.length + " labels for "
                    + features + " features");
        }
        float[] xf = x.data;
        int[] base = scratch;
        for (int j = 0; j < batch; j++) {
            int example = index[order[from + j]];
            y[j] = labels[example] & 0xff;
            base[j] = example * features;
        }
        int j = 0;
        for (; j + 8 <= batch; j += 8) {                        // eight examples at a time, as in double
            int b0 = base[j], b1 = base[j + 1], b2 = base[j + 2], b3 = base[j + 3];
            int b4 = base[j + 4], b5 = base[j + 5], b6 = base[j + 6], b7 = base[j + 7];
            for (int f = 0, o = j; f < features; f++, o += batch) {
                xf[o] = FLOAT_PIXELS[pixels[b0 + f] & 0xff];
                xf[o + 1] = FLOAT_PIXELS[pixels[b1 + f] & 0xff];
                xf[o + 2] = FLOAT_PIXELS[pixels[b2 + f] & 0xff];
                xf[o + 3] = FLOAT_PIXELS[pixels[b3 + f] & 0xff];
                xf[o + 4] = FLOAT_PIXELS[pixels[b4 + f] & 0xff];
                xf[o + 5] = FLOAT_PIXELS[pixels[b5 + f] & 0xff];
                xf[o + 6] = FLOAT_PIXELS[pixels[b6 + f] & 0xff];
                xf[o + 7] = FLOAT_PIXELS[pixels[b7 + f] & 0xff];
            }
        }
        for (; j < batch; j++) {
            for (int f = 0, o = j, b0 = base[j]; f < features; f++, o += batch) {
                xf[o] = FLOAT_PIXELS[pixels[b0 + f] & 0xff];
            }
        }
    }
}
