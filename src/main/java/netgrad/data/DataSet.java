package netgrad.data;

import java.util.List;
import java.util.SplittableRandom;

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
        // row f of x gathers pixel f of every example: the writes run along x's rows and the reads advance
        // through B pixel rows at once, each of which stays in cache for 64 values of f
        for (int f = 0; f < features; f++) {
            int row = f * batch;
            for (int j = 0; j < batch; j++) {
                xd[row + j] = (pixels[base[j] + f] & 0xff) * (1.0 / 255.0);
            }
        }
    }
}
