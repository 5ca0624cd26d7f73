package netgrad.plan;

/**
 * The per-example loss; the batch loss is the mean over examples, plus (λ/2) Σ_k ‖W_k‖² with decay λ.
 */
public enum Loss {
    /** ℓ = −Σ_i y_i log ŷ_i = −log ŷ_y for a one-hot target e(y). */
    CROSS_ENTROPY("cross_entropy"),
    /** ℓ = −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)]. */
    BINARY_CROSS_ENTROPY("binary_cross_entropy"),
    /** ℓ = ½ Σ_i (ŷ_i − y_i)². */
    SQUARED_ERROR("squared_error");

    private final String keyword;

    Loss(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
