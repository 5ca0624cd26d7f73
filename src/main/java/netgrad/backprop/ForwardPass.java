package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.plan.Plan;

/**
 * What forward_propagation keeps for the backward pass, for a batch of B examples as columns:
 * the pre-activations a_k (k = 1..L, n_k × B), the activations h_k (k = 0..L−1, n_k × B, h_0 = x) and ŷ = O(a_L)
 * (n_L × B). The arrays are indexed by the lecture's k: {@code a[0]} is unused (null) and {@code h} has L entries.
 * A pass started in the middle ({@link Backprop#lossFromH}) leaves the layers below its start null.
 * <p>The matrices are buffers: {@link Backprop#forward(netgrad.model.Parameters, Matrix, ForwardPass)} overwrites them
 * (and points h_0 at its x), so a training loop allocates one pass per batch size with {@link #allocate} and reuses it.
 */
public record ForwardPass(Matrix[] a, Matrix[] h, Matrix yhat) {
    /** Zero buffers for a pass of B examples through {@code plan}: a_1..a_L, h_1..h_{L−1} and ŷ; h_0 is left null. */
    public static ForwardPass allocate(Plan plan, int batchSize) {
        return allocateFrom(plan, 0, batchSize);
    }

    /** Buffers for a pass that starts at layer {@code start}: a_k for k &gt; start, h_k for start &lt; k &lt; L, ŷ. */
    static ForwardPass allocateFrom(Plan plan, int start, int batchSize) {
        int depth = plan.depth();
        Matrix[] a = new Matrix[depth + 1];
        Matrix[] h = new Matrix[depth];
        for (int k = start + 1; k <= depth; k++) {
            a[k] = new Matrix(plan.units(k), batchSize);
            if (k < depth) {
                h[k] = new Matrix(plan.units(k), batchSize);
            }
        }
        return new ForwardPass(a, h, new Matrix(plan.units(depth), batchSize));
    }

    /** a_k, 1 ≤ k ≤ L. */
    public Matrix a(int k) {
        return a[k];
    }

    /** h_k, 0 ≤ k ≤ L−1 (h_0 = x). */
    public Matrix h(int k) {
        return h[k];
    }

    /** L. */
    public int depth() {
        return a.length - 1;
    }

    /** B, the number of examples (columns). */
    public int batchSize() {
        return yhat.cols;
    }

    /** The predicted class of example j: arg max_i ŷ_ij (the first of equal maxima). */
    public int predicted(int j) {
        int batch = yhat.cols;
        int best = 0;
        for (int i = 1; i < yhat.rows; i++) {
            if (yhat.data[i * batch + j] > yhat.data[best * batch + j]) best = i;
        }
        return best;
    }
}
