package netgrad.model;

import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.linalg.Matrix;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * θ = [W_1, …, W_L, b_1, …, b_L]: W_k is n_k × n_{k−1} and b_k is n_k × 1 ({@link Quantity#W}, {@link Quantity#b}).
 * Mutable (training updates it in place); {@link #copy()} for a snapshot.
 */
public final class Parameters {
    private final Matrix[] weights; // index k = 1..L; slot 0 unused
    private final Matrix[] biases;

    private Parameters(Matrix[] weights, Matrix[] biases) {
        this.weights = weights;
        this.biases = biases;
    }

    /** All-zero parameters with the plan's shapes. */
    public static Parameters zeros(Plan plan) {
        int depth = plan.depth();
        Matrix[] w = new Matrix[depth + 1];
        Matrix[] b = new Matrix[depth + 1];
        for (Layer layer : plan.layers()) {
            w[layer.k()] = new Matrix(layer.units(), layer.fanIn());
            b[layer.k()] = new Matrix(layer.units(), 1);
        }
        return new Parameters(w, b);
    }

    /** W_k, 1 ≤ k ≤ L (live, not a copy). */
    public Matrix W(int k) {
        return weights[k];
    }

    /** b_k as an n_k × 1 column (live, not a copy). */
    public Matrix b(int k) {
        return biases[k];
    }

    /** L. */
    public int depth() {
        return weights.length - 1;
    }

    /** W_k or b_k (live, not a copy); null for any other quantity (a_k, h_k, or a layer outside 1..L). */
    public Matrix get(Quantity q) {
        if (q.k() < 1 || q.k() > depth()) {
            return null;
        }
        return switch (q.kind()) {
            case WEIGHT -> weights[q.k()];
            case BIAS -> biases[q.k()];
            case PRE_ACTIVATION, ACTIVATION -> null;
        };
    }

    /** W1, b1, W2, b2, … in layer order (live matrices). */
    public Map<Quantity, Matrix> toMap() {
        Map<Quantity, Matrix> out = new LinkedHashMap<>();
        for (int k = 1; k <= depth(); k++) {
            out.put(Quantity.W(k), weights[k]);
            out.put(Quantity.b(k), biases[k]);
        }
        return out;
    }

    public long count() {
        long n = 0;
        for (int k = 1; k <= depth(); k++) {
            n += weights[k].size() + biases[k].size();
        }
        return n;
    }

    public Parameters copy() {
        Matrix[] w = new Matrix[weights.length];
        Matrix[] b = new Matrix[biases.length];
        for (int k = 1; k < weights.length; k++) {
            w[k] = weights[k].copy();
            b[k] = biases[k].copy();
        }
        return new Parameters(w, b);
    }

    /** Copies every value of {@code other} (same shapes) into this. */
    public void setFrom(Parameters other) {
        for (int k = 1; k < weights.length; k++) {
            System.arraycopy(other.weights[k].data, 0, weights[k].data, 0, weights[k].size());
            System.arraycopy(other.biases[k].data, 0, biases[k].data, 0, biases[k].size());
        }
    }
}
