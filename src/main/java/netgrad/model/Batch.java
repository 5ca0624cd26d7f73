package netgrad.model;

import netgrad.linalg.Matrix;

/**
 * A minibatch in the lecture's layout: examples are columns.
 *
 * @param x      inputs h_0, n_0 × B
 * @param y      targets, n_L × B: the one-hot e(y) for softmax outputs (cross-entropy and squared error),
 *               0/1 entries for binary cross-entropy, real values for squared error
 * @param labels class index of each example for classification outputs (softmax), else null
 * @param masks  dropout's masks m_k for this batch ({@link Masks#NONE}: evaluation mode, no dropout)
 */
public record Batch(Matrix x, Matrix y, int[] labels, Masks masks) {
    /** A batch without dropout masks (evaluation mode). */
    public Batch(Matrix x, Matrix y, int[] labels) {
        this(x, y, labels, Masks.NONE);
    }

    public Batch {
        if (masks == null) {
            throw new IllegalArgumentException("a batch needs masks (Masks.NONE for none)");
        }
        if (x.cols != y.cols) {
            throw new IllegalArgumentException("inputs " + x.shape() + " and targets " + y.shape() + " disagree on the batch size");
        }
        if (labels != null && labels.length != x.cols) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + x.cols);
        }
    }

    /** The same examples with dropout masks {@code m}. */
    public Batch withMasks(Masks m) {
        return new Batch(x, y, labels, m);
    }

    /** B, the number of examples. */
    public int size() {
        return x.cols;
    }

    /** A batch with one-hot targets e(y) built from class labels, for a softmax output of {@code classes} units. */
    public static Batch classification(Matrix x, int[] labels, int classes) {
        Matrix y = new Matrix(classes, labels.length);
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] < 0 || labels[j] >= classes) {
                throw new IllegalArgumentException("label " + labels[j] + " outside 0.." + (classes - 1));
            }
            y.set(labels[j], j, 1.0);
        }
        return new Batch(x, y, labels.clone());
    }
}
