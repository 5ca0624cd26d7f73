package netgrad.model;

import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.linalg.Matrix;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * θ = [W_1, b_1, …, W_L, b_L] and, for each layer k with batch normalisation, its γ_k and β_k: W_k is
 * n_k × n_{k−1}, b_k, γ_k and β_k are n_k × 1 ({@link Quantity}). Mutable (training updates it in place);
 * {@link #copy()} for a snapshot.
 */
public final class Parameters {
    private final Matrix[] weights; // index k = 1..L; slot 0 unused
    private final Matrix[] biases;
    private final Matrix[] gammas;  // null where layer k has no batch normalisation
    private final Matrix[] betas;
    private final Matrix[] runningMeans;      // batch norm's evaluation-mode statistics, not parameters
    private final Matrix[] runningVariances;

    private Parameters(Matrix[] weights, Matrix[] biases, Matrix[] gammas, Matrix[] betas, Matrix[] runningMeans,
                       Matrix[] runningVariances) {
        this.weights = weights;
        this.biases = biases;
        this.gammas = gammas;
        this.betas = betas;
        this.runningMeans = runningMeans;
        this.runningVariances = runningVariances;
    }

    /** All-zero parameters with the plan's shapes (γ_k too: {@link Initializer} sets it to 1). */
    public static Parameters zeros(Plan plan) {
        int depth = plan.depth();
        Matrix[] w = new Matrix[depth + 1];
        Matrix[] b = new Matrix[depth + 1];
        Matrix[] gamma = new Matrix[depth + 1];
        Matrix[] beta = new Matrix[depth + 1];
        Matrix[] mean = new Matrix[depth + 1];
        Matrix[] variance = new Matrix[depth + 1];
        for (Layer layer : plan.layers()) {
            w[layer.k()] = new Matrix(layer.units(), layer.fanIn());
            b[layer.k()] = new Matrix(layer.units(), 1);
            if (plan.batchNorm(layer.k())) {
                gamma[layer.k()] = new Matrix(layer.units(), 1);
                beta[layer.k()] = new Matrix(layer.units(), 1);
                mean[layer.k()] = new Matrix(layer.units(), 1);
                variance[layer.k()] = new Matrix(layer.units(), 1);
                java.util.Arrays.fill(variance[layer.k()].data, 1.0);   // running σ² starts at 1, μ at 0
            }
        }
        return new Parameters(w, b, gamma, beta, mean, variance);
    }

    /** W_k, 1 ≤ k ≤ L (live, not a copy). */
    public Matrix W(int k) {
        return weights[k];
    }

    /** b_k as an n_k × 1 column (live, not a copy). */
    public Matrix b(int k) {
        return biases[k];
    }

    /** γ_k as an n_k × 1 column (live), null when layer k has no batch normalisation. */
    public Matrix gamma(int k) {
        return gammas[k];
    }

    /** β_k as an n_k × 1 column (live), null when layer k has no batch normalisation. */
    public Matrix beta(int k) {
        return betas[k];
    }

    /**
     * Batch norm's running mean of layer k (n_k × 1, live), which evaluation uses in place of the batch's μ_k;
     * training updates it after each step (see {@code train/StepRunner}). Not a parameter: no gradient. Null
     * without batch norm.
     */
    public Matrix runningMean(int k) {
        return runningMeans[k];
    }

    /** Batch norm's running variance of layer k (n_k × 1, live), evaluation's σ²_k; null without batch norm. */
    public Matrix runningVariance(int k) {
        return runningVariances[k];
    }

    /** The .npz entries of batch norm's running statistics of layer k: {@code running_mean3}, {@code running_var3}. */
    public static String runningMeanKey(int k) {
        return "running_mean" + k;
    }

    public static String runningVarianceKey(int k) {
        return "running_var" + k;
    }

    /** running_mean_k, running_var_k of every batch-normalised layer (live matrices), by .npz entry name. */
    public Map<String, Matrix> runningStatistics() {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (int k = 1; k <= depth(); k++) {
            if (runningMeans[k] != null) {
                out.put(runningMeanKey(k), runningMeans[k]);
                out.put(runningVarianceKey(k), runningVariances[k]);
            }
        }
        return out;
    }

    /** L. */
    public int depth() {
        return weights.length - 1;
    }

    /** W_k, b_k, γ_k or β_k (live, not a copy); null for any other quantity (a_k, h_k, or one the network lacks). */
    public Matrix get(Quantity q) {
        if (q.k() < 1 || q.k() > depth()) {
            return null;
        }
        return switch (q.kind()) {
            case WEIGHT -> weights[q.k()];
            case BIAS -> biases[q.k()];
            case GAMMA -> gammas[q.k()];
            case BETA -> betas[q.k()];
            case PRE_ACTIVATION, NORMALIZED, ACTIVATION -> null;
        };
    }

    /** W1, b1, (γ1, β1), W2, b2, … in layer order (live matrices), the order of {@link Plan#parameters()}. */
    public Map<Quantity, Matrix> toMap() {
        Map<Quantity, Matrix> out = new LinkedHashMap<>();
        for (int k = 1; k <= depth(); k++) {
            out.put(Quantity.W(k), weights[k]);
            out.put(Quantity.b(k), biases[k]);
            if (gammas[k] != null) {
                out.put(Quantity.gamma(k), gammas[k]);
                out.put(Quantity.beta(k), betas[k]);
            }
        }
        return out;
    }

    public long count() {
        long n = 0;
        for (Matrix m : toMap().values()) {
            n += m.size();
        }
        return n;
    }

    public Parameters copy() {
        int n = weights.length;
        Matrix[] w = new Matrix[n];
        Matrix[] b = new Matrix[n];
        Matrix[] gamma = new Matrix[n];
        Matrix[] beta = new Matrix[n];
        Matrix[] mean = new Matrix[n];
        Matrix[] variance = new Matrix[n];
        for (int k = 1; k < n; k++) {
            w[k] = weights[k].copy();
            b[k] = biases[k].copy();
            gamma[k] = gammas[k] == null ? null : gammas[k].copy();
            beta[k] = betas[k] == null ? null : betas[k].copy();
            mean[k] = runningMeans[k] == null ? null : runningMeans[k].copy();
            variance[k] = runningVariances[k] == null ? null : runningVariances[k].copy();
        }
        return new Parameters(w, b, gamma, beta, mean, variance);
    }

    /** Copies every value of {@code other} (same shapes) into this. */
    public void setFrom(Parameters other) {
        for (int k = 1; k < weights.length; k++) {
            System.arraycopy(other.weights[k].data, 0, weights[k].data, 0, weights[k].size());
            System.arraycopy(other.biases[k].data, 0, biases[k].data, 0, biases[k].size());
            if (gammas[k] != null) {
                System.arraycopy(other.gammas[k].data, 0, gammas[k].data, 0, gammas[k].size());
                System.arraycopy(other.betas[k].data, 0, betas[k].data, 0, betas[k].size());
                System.arraycopy(other.runningMeans[k].data, 0, runningMeans[k].data, 0, runningMeans[k].size());
                System.arraycopy(other.runningVariances[k].data, 0, runningVariances[k].data, 0,
                        runningVariances[k].size());
            }
        }
    }
}
