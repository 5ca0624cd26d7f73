package netgrad.backprop;

import netgrad.linalg.Matrix;

/**
 * What forward_propagation keeps for the backward pass, for a batch of B examples as columns:
 * the pre-activations a_k (k = 1..L, n_k × B), the activations h_k (k = 0..L−1, n_k × B, h_0 = x) and ŷ = O(a_L)
 * (n_L × B). The arrays are indexed by the lecture's k: {@code a[0]} is unused (null) and {@code h} has L entries.
 * A pass started in the middle ({@link Backprop#lossFromH}) leaves the layers below its start null.
 */
public record ForwardPass(Matrix[] a, Matrix[] h, Matrix yhat) {
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
}
