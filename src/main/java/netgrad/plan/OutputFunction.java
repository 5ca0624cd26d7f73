package netgrad.plan;

import java.util.List;

/**
 * The output function O of layer L: ŷ = O(a_L). Engines switch on it with switch expressions and no
 * {@code default}, so a new O is a compile error in every one.
 */
public enum OutputFunction {
    /** ŷ_i = e^(a_i) / Σ_j e^(a_j). */
    SOFTMAX("softmax"),
    /** ŷ = a_L. */
    IDENTITY("identity"),
    /** ŷ_i = 1 / (1 + e^(−a_i)), elementwise; also written {@code sigmoid}. */
    LOGISTIC("logistic", "sigmoid");

    private final List<String> names;

    OutputFunction(String... names) {
        this.names = List.of(names);
    }

    /** The keyword used in specs, e.g. {@code softmax}. */
    public String keyword() {
        return names.get(0);
    }

    /** The keyword, then its aliases: the names a spec may use. */
    public List<String> names() {
        return names;
    }
}
