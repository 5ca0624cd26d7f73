package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.plan.Plan;

/**
 * What forward_propagation keeps for the backward pass, for a batch of B examples as columns:
 * the pre-activations a_k (k = 1..L, n_k × B), the activations h_k (k = 0..L−1, n_k × B, h_0 = x) and ŷ = O(a_L)
 * (n_L × B). The arrays are indexed by the lecture's k: {@code a[0]} is unused (null) and {@code h} has L entries.
 * A pass started in the middle ({@link Backprop#lossFromH}) leaves the layers below its start null.
 * <p>A layer with batch normalisation also keeps â_k, x̂_k = (a_k − μ_k)/√(σ²_k + ε) (n_k × B) and μ_k, σ²_k
 * (n_k × 1, over the batch); a layer with dropout keeps z_k = g(·) before the mask ({@code gOut}, n_k × B) and
 * has a buffer for back_propagation's ∇z_k ({@code gradZ}); the other slots are null.
 * <p>The matrices are buffers: {@link Backprop#forward(netgrad.model.Parameters, Matrix, ForwardPass)} overwrites them
 * (and points h_0 at its x), so a training loop allocates one pass per batch size with {@link #allocate} and reuses it.
 */
public record ForwardPass(Matrix[] a, Matrix[] h, Matrix yhat, Matrix[] ahat, Matrix[] xhat, Matrix[] mean,
                          Matrix[] variance, Matrix[] gOut, Matrix[] gradZ) {
    /** Zero buffers for a pass of B examples through {@code plan}: a_1..a_L, h_1..h_{L−1} and ŷ; h_0 is left null. */
    public static ForwardPass allocate(Plan plan, int batchSize) {
        return allocateFrom(plan, 0, batchSize);
    }

    /** Buffers for a pass that starts at layer {@code start}: a_k for k &gt; start, h_k for start &lt; k &lt; L, ŷ. */
    static ForwardPass allocateFrom(Plan plan, int start, int batchSize) {
        int depth = plan.depth();
        Matrix[] a = new Matrix[depth + 1];
        Matrix[] h = new Matrix[depth];
        Matrix[] ahat = new Matrix[depth];
        Matrix[] xhat = new Matrix[depth];
        Matrix[] mean = new Matrix[depth];
        Matrix[] variance = new Matrix[depth];
        Matrix[] gOut = new Matrix[depth];
        Matrix[] gradZ = new Matrix[depth];
        for (int k = start + 1; k <= depth; k++) {
            int n = plan.units(k);
            a[k] = new Matrix(n, batchSize);
            if (k < depth) {
                h[k] = new Matrix(n, batchSize);
                if (plan.batchNorm(k)) {
                    ahat[k] = new Matrix(n, batchSize);
                    xhat[k] = new Matrix(n, batchSize);
                    mean[k] = new Matrix(n, 1);
                    variance[k] = new Matrix(n, 1);
                }
                if (plan.dropout(k) > 0) {
                    gOut[k] = new Matrix(n, batchSize);
                    gradZ[k] = new Matrix(n, batchSize);
                }
            }
        }
        return new ForwardPass(a, h, new Matrix(plan.units(depth), batchSize), ahat, xhat, mean, variance, gOut, gradZ);
    }

    /** a_k, 1 ≤ k ≤ L. */
    public Matrix a(int k) {
        return a[k];
    }

    /** h_k, 0 ≤ k ≤ L−1 (h_0 = x). */
    public Matrix h(int k) {
        return h[k];
    }

    /** â_k for a layer with batch normalisation, else null. */
    public Matrix ahat(int k) {
        return ahat[k];
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
