package netgrad.plan;

/** The output function O of layer L: ŷ = O(a_L). */
public enum OutputFunction {
    /** ŷ_i = e^(a_i) / Σ_j e^(a_j). */
    SOFTMAX("softmax"),
    /** ŷ = a_L. */
    IDENTITY("identity"),
    /** ŷ_i = 1 / (1 + e^(−a_i)), elementwise. */
    LOGISTIC("logistic");

    private final String keyword;

    OutputFunction(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
