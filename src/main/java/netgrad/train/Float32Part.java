package netgrad.train;

import java.util.Arrays;

import netgrad.data.DataSet;
import netgrad.linalg.FloatMatrix;
import netgrad.plan.Plan;

/**
 * One thread's part of a float32 training step of B examples, allocated once and reused, the float counterpart of
 * {@link StepBuffers}: x (n_0 × B), y = [e(label_1) … e(label_B)] (n_L × B), a_k and h_k (h_0 = x), ŷ, and the
 * gradients ∇a_k, ∇h_k, ∇W_k, ∇b_k that {@link Float32Backprop#backward} writes. Arrays are indexed by the lecture's k.
 */
final class Float32Part {
    final FloatMatrix x;
    final FloatMatrix y;
    final int[] labels;
    private final int[] offsets;  // fillBatch's scratch: where each example's pixels start
    final FloatMatrix[] a;        // a_1..a_L
    final FloatMatrix[] h;        // h_0 = x, h_1..h_{L−1}
    final FloatMatrix yhat;
    /** log Σ_i e^(a_L,ij) of each column j (softmax output only), from the forward pass for the loss. */
    final double[] logSumExp;
    final FloatMatrix[] gradA;    // ∇a_1..∇a_L
    final FloatMatrix[] gradH;    // ∇h_1..∇h_{L−1}
    final FloatMatrix[] gradW;
    final FloatMatrix[] gradB;
    /** h_{k−1}ᵀ (B × n_{k−1}), k = 1..L, for the batch split by rows ({@link Float32Backprop#backwardToDeltas}). */
    final FloatMatrix[] hT;
    /** The arrays of ∇W_1, ∇b_1, …, ∇W_L, ∇b_L, in the order of {@link Plan#parameters()}. */
    final float[][] gradients;
    /** Double scratch for a user-defined g (its compiled loops run on double arrays). */
    final double[] scratchIn;
    final double[] scratchOut;
    private final int depth;

    Float32Part(Plan plan, int batchSize) {
        depth = plan.depth();
        x = new FloatMatrix(plan.inputSize(), batchSize);
        y = new FloatMatrix(plan.units(depth), batchSize);
        labels = new int[batchSize];
        offsets = new int[batchSize];
        a = new FloatMatrix[depth + 1];
        h = new FloatMatrix[depth];
        gradA = new FloatMatrix[depth + 1];
        gradH = new FloatMatrix[depth];
        gradW = new FloatMatrix[depth + 1];
        gradB = new FloatMatrix[depth + 1];
        hT = new FloatMatrix[depth + 1];
        h[0] = x;
        int widest = 0;
        for (int k = 1; k <= depth; k++) {
            int n = plan.units(k);
            a[k] = new FloatMatrix(n, batchSize);
            gradA[k] = new FloatMatrix(n, batchSize);
            gradW[k] = new FloatMatrix(n, plan.units(k - 1));
            gradB[k] = new FloatMatrix(n, 1);
            hT[k] = new FloatMatrix(batchSize, plan.units(k - 1));
            if (k < depth) {
                h[k] = new FloatMatrix(n, batchSize);
                gradH[k] = new FloatMatrix(n, batchSize);
                widest = Math.max(widest, n);
            }
        }
        yhat = new FloatMatrix(plan.units(depth), batchSize);
        logSumExp = new double[batchSize];
        gradients = new float[2 * depth][];
        for (int k = 1; k <= depth; k++) {
            gradients[2 * k - 2] = gradW[k].data;
            gradients[2 * k - 1] = gradB[k].data;
        }
        scratchIn = new double[widest * batchSize];
        scratchOut = new double[widest * batchSize];
    }

    /** B. */
    int batchSize() {
        return labels.length;
    }

    /**
     * Loads examples order[from..from+B) of {@code data}: column j of x is example j's pixels / 255 rounded to float
     * ({@link DataSet#fillBatch(int[], int, FloatMatrix, int[], int[])}), y = [e(label_1) … e(label_B)]; with
     * {@code transposed} also xᵀ into hT[1], for ∇W_1 by rows.
     */
    void fill(DataSet data, int[] order, int from, boolean transposed) {
        data.fillBatch(order, from, x, labels, offsets);
        if (transposed) data.fillTransposed(order, from, hT[1]);    // xᵀ for ∇W_1, in the bytes' own layout
        Arrays.fill(y.data, 0f);
        int b = labels.length;
        for (int j = 0; j < b; j++) {
            y.data[labels[j] * b + j] = 1f;
        }
    }

    /** Examples whose arg max ŷ (the first of equal maxima) is their label. */
    int correct() {
        int n = 0, rows = yhat.rows, b = yhat.cols;
        for (int j = 0; j < b; j++) {
            int best = 0;
            for (int i = 1; i < rows; i++) {
                if (yhat.data[i * b + j] > yhat.data[best * b + j]) best = i;
            }
            if (best == labels[j]) n++;
        }
        return n;
    }

    /** The first layer k (1..L) whose a_k has a non-finite entry, or 0 when all are finite. */
    int firstNonFiniteActivation() {
        for (int k = 1; k <= depth; k++) {
            for (float v : a[k].data) {
                if (!Float.isFinite(v)) return k;
            }
        }
        return 0;
    }
}
