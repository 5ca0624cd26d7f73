package netgrad.model;

import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.linalg.Matrix;
import netgrad.plan.Plan;

/**
 * ∂L/∂q for named quantities q of the derivation, each in the shape of q itself:
 * {@code Wk} (n_k × n_{k−1}), {@code bk} (n_k × 1), {@code ak} (n_k × B, k = 1..L) and {@code hk}
 * (n_k × B, k = 1..L−1). L is the batch loss (the mean over examples plus decay), so every entry
 * already includes the 1/B. Every engine (backprop, tape, finite differences) reports in this form.
 * Looking a gradient up by layer ({@link #W(int)}, …) allocates nothing, so a training loop can reuse one instance.
 */
public final class Gradients {
    private static final String QUANTITIES = "Wbah";
    private static final int NAMED_LAYERS = 64;
    private static final String[][] NAMES = new String[QUANTITIES.length()][NAMED_LAYERS];

    static {
        for (int q = 0; q < QUANTITIES.length(); q++) {
            for (int k = 0; k < NAMED_LAYERS; k++) NAMES[q][k] = QUANTITIES.charAt(q) + Integer.toString(k);
        }
    }

    private final Map<String, Matrix> byName = new LinkedHashMap<>();

    /** All four gradients of the derivation for a batch of B, zero, in the order W1, b1, …, W_L, b_L, a1 … a_L, h1 … h_{L−1}. */
    public static Gradients zeros(Plan plan, int batchSize) {
        Gradients g = new Gradients();
        int depth = plan.depth();
        for (int k = 1; k <= depth; k++) {
            g.put(name('W', k), new Matrix(plan.units(k), plan.units(k - 1)));
            g.put(name('b', k), new Matrix(plan.units(k), 1));
        }
        for (int k = 1; k <= depth; k++) {
            g.put(name('a', k), new Matrix(plan.units(k), batchSize));
        }
        for (int k = 1; k < depth; k++) {
            g.put(name('h', k), new Matrix(plan.units(k), batchSize));
        }
        return g;
    }

    /**
     * The name of quantity q ∈ {W, b, a, h} of layer k: "W1", "a3", …; taken from a table for k &lt; {@value #NAMED_LAYERS}
     * so that it allocates no string.
     */
    public static String name(char quantity, int k) {
        int q = QUANTITIES.indexOf(quantity);
        if (q < 0) {
            throw new IllegalArgumentException("no gradient quantity '" + quantity + "' (one of " + QUANTITIES + ")");
        }
        return k >= 0 && k < NAMED_LAYERS ? NAMES[q][k] : quantity + Integer.toString(k);
    }

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
        return byName.get(name('W', k));
    }

    /** ∇_{b_k} L. */
    public Matrix b(int k) {
        return byName.get(name('b', k));
    }

    /** ∇_{a_k} L. */
    public Matrix a(int k) {
        return byName.get(name('a', k));
    }

    /** ∇_{h_k} L. */
    public Matrix h(int k) {
        return byName.get(name('h', k));
    }

    /** All gradients in insertion order (unmodifiable view). */
    public Map<String, Matrix> byName() {
        return java.util.Collections.unmodifiableMap(byName);
    }
}
