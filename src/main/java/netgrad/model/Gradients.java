package netgrad.model;

import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.linalg.Matrix;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * ∂L/∂q for the quantities q of the derivation ({@link Quantity}), each in the shape of q itself:
 * {@code Wk} (n_k × n_{k−1}), {@code bk} (n_k × 1), {@code ak} (n_k × B, k = 1..L) and {@code hk}
 * (n_k × B, k = 1..L−1). L is the batch loss (the mean over examples plus decay), so every entry
 * already includes the 1/B. Every engine (backprop, tape, finite differences) reports in this form.
 * Looking a gradient up by layer ({@link #W(int)}, …) allocates nothing, so a training loop can reuse one instance.
 */
public final class Gradients {
    private final Map<Quantity, Matrix> byQuantity = new LinkedHashMap<>();

    /** All four gradients of the derivation for a batch of B, zero, in the order W1, b1, …, W_L, b_L, a1 … a_L, h1 … h_{L−1}. */
    public static Gradients zeros(Plan plan, int batchSize) {
        Gradients g = new Gradients();
        int depth = plan.depth();
        for (int k = 1; k <= depth; k++) {
            g.put(Quantity.W(k), new Matrix(plan.units(k), plan.units(k - 1)));
            g.put(Quantity.b(k), new Matrix(plan.units(k), 1));
            if (k < depth && plan.batchNorm(k)) {
                g.put(Quantity.gamma(k), new Matrix(plan.units(k), 1));
                g.put(Quantity.beta(k), new Matrix(plan.units(k), 1));
            }
        }
        for (int k = 1; k <= depth; k++) {
            g.put(Quantity.a(k), new Matrix(plan.units(k), batchSize));
            if (k < depth && plan.batchNorm(k)) {
                g.put(Quantity.ahat(k), new Matrix(plan.units(k), batchSize));
            }
        }
        for (int k = 1; k < depth; k++) {
            g.put(Quantity.h(k), new Matrix(plan.units(k), batchSize));
        }
        return g;
    }

    public void put(Quantity quantity, Matrix gradient) {
        byQuantity.put(quantity, gradient);
    }

    /** The gradient of {@code quantity}, or null when it was not computed. */
    public Matrix get(Quantity quantity) {
        return byQuantity.get(quantity);
    }

    public boolean has(Quantity quantity) {
        return byQuantity.containsKey(quantity);
    }

    /** ∇_{W_k} L. */
    public Matrix W(int k) {
        return byQuantity.get(Quantity.W(k));
    }

    /** ∇_{b_k} L. */
    public Matrix b(int k) {
        return byQuantity.get(Quantity.b(k));
    }

    /** ∇_{a_k} L. */
    public Matrix a(int k) {
        return byQuantity.get(Quantity.a(k));
    }

    /** ∇_{γ_k} L (null without batch norm in layer k). */
    public Matrix gamma(int k) {
        return byQuantity.get(Quantity.gamma(k));
    }

    /** ∇_{β_k} L (null without batch norm in layer k). */
    public Matrix beta(int k) {
        return byQuantity.get(Quantity.beta(k));
    }

    /** ∇_{â_k} L (null without batch norm in layer k). */
    public Matrix ahat(int k) {
        return byQuantity.get(Quantity.ahat(k));
    }

    /** ∇_{h_k} L. */
    public Matrix h(int k) {
        return byQuantity.get(Quantity.h(k));
    }

    /** All gradients in insertion order (unmodifiable view). */
    public Map<Quantity, Matrix> toMap() {
        return java.util.Collections.unmodifiableMap(byQuantity);
    }
}
