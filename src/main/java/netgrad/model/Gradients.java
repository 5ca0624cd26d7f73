package netgrad.model;

import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.linalg.Matrix;

/**
 * ∂L/∂q for named quantities q of the derivation, each in the shape of q itself:
 * {@code Wk} (n_k × n_{k−1}), {@code bk} (n_k × 1), {@code ak} (n_k × B, k = 1..L) and {@code hk}
 * (n_k × B, k = 1..L−1). L is the batch loss (the mean over examples plus decay), so every entry
 * already includes the 1/B. Every engine (backprop, tape, finite differences) reports in this form.
 */
public final class Gradients {
    private final Map<String, Matrix> byName = new LinkedHashMap<>();

    public void put(String name, Matrix gradient) {
        byName.put(name, gradient);
    }

    /** The gradient of {@code name}, or null when it was not computed. */
    public Matrix get(String name) {
        return byName.get(name);
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** ∇_{W_k} L. */
    public Matrix W(int k) {
        return byName.get("W" + k);
    }

    /** ∇_{b_k} L. */
    public Matrix b(int k) {
        return byName.get("b" + k);
    }

    /** ∇_{a_k} L. */
    public Matrix a(int k) {
        return byName.get("a" + k);
    }

    /** ∇_{h_k} L. */
    public Matrix h(int k) {
        return byName.get("h" + k);
    }

    /** All gradients in insertion order (unmodifiable view). */
    public Map<String, Matrix> byName() {
        return java.util.Collections.unmodifiableMap(byName);
    }
}
