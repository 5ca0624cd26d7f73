package netgrad.train;

import netgrad.plan.Plan;

/**
 * The arithmetic of a training step. {@link #FLOAT64}, the reference, runs {@link netgrad.backprop.Backprop} (what
 * verify checks); {@link #FLOAT32} runs its own single-precision step ({@link Float32Steps}) for speed: forward and
 * backward in float, the update in double. Verify, evaluation and the saved weights stay float64.
 */
public enum Precision {
    FLOAT64("float64"),
    FLOAT32("float32");

    private final String keyword;

    Precision(String keyword) {
        this.keyword = keyword;
    }

    /** The name a user types: {@code float64} or {@code float32}. */
    public String keyword() {
        return keyword;
    }

    /**
     * Why this precision cannot train {@code plan} with {@code engine}, as one short sentence (with the spec position
     * of the layer when it has one), or null when it can.
     * float32 trains plain networks (every built-in or user-defined activation, every output function and loss,
     * decay, every optimizer) with its own backprop; batch norm, dropout and the tape are float64 only.
     */
    public String refusal(Plan plan, GradientEngine engine) {
        if (this == FLOAT64) return null;
        if (engine != GradientEngine.BACKPROP) {
            return "--precision float32 runs its own backprop, not --engine " + engine.name().toLowerCase(
                    java.util.Locale.ROOT) + " (float64 only)";
        }
        for (int k = 1; k < plan.depth(); k++) {
            String what = plan.batchNorm(k) ? "batch norm" : plan.dropout(k) > 0 ? "dropout" : null;
            if (what != null) {
                String sentence = "--precision float32 cannot train " + what;
                return plan.layer(k).pos().line() > 0 ? plan.layer(k).pos() + ": " + sentence
                        : sentence + " (layer " + k + ")";
            }
        }
        return null;
    }
}
