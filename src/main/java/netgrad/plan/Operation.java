package netgrad.plan;

/**
 * One operation of a layer after its affine map a_k = b_k + W_k h_{k−1}, in the order the forward pass applies
 * them to the n_k × B matrix; a hidden layer's last operation gives h_k. A hidden layer holds, in this order:
 * <pre>
 *   BATCH_NORM (optional)  â_k = γ_k ⊙ (a_k − μ_k) / √(σ²_k + ε) + β_k   μ_k, σ²_k: mean, biased variance over the batch
 *   ACTIVATION             g(â_k), or g(a_k) without batch normalisation
 *   DROPOUT (optional)     h_k = m_k ⊙ g(·) / (1 − p)                   m_k: a 0/1 mask per unit and example
 * </pre>
 * Engines walk {@link Layer#operations()} forward (and backward in reverse) and switch on {@link #kind()} with
 * switch expressions without {@code default}, so a new kind is one case per engine and a compile error until
 * every engine has it.
 * <p>The output function O is not an operation: every engine fuses it with the loss (∇a_L = ŷ − e(y) for
 * softmax + cross-entropy), so the output layer is the affine map followed by O ({@link Layer.Output}).
 */
public sealed interface Operation {
    /** What engines switch on, in the order a layer applies them. */
    enum Kind { BATCH_NORM, ACTIVATION, DROPOUT }

    /** ε of batch normalisation when the spec gives none. */
    double DEFAULT_EPS = 1e-5;

    /** m of batch norm's running statistics, μ̄ ← (1 − m) μ̄ + m μ_batch after each training step (PyTorch's 0.1). */
    double MOMENTUM = 0.1;

    Kind kind();

    /** The parameters this operation adds to a layer of n_k = {@code units} units, beyond W_k and b_k. */
    default long parameterCount(int units) {
        return switch (kind()) {
            case BATCH_NORM -> 2L * units;   // γ_k and β_k, n_k each
            case ACTIVATION, DROPOUT -> 0;
        };
    }

    /** â_k = γ_k ⊙ (a_k − μ_k) / √(σ²_k + ε) + β_k, per unit over the batch. */
    record Normalize(double eps) implements Operation {
        public Normalize {
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("batch normalisation needs ε > 0, not " + eps);
            }
        }

        public Kind kind() { return Kind.BATCH_NORM; }
    }

    /** h_k = g(a_k), elementwise. */
    record Activate(Activation g) implements Operation {
        public Kind kind() { return Kind.ACTIVATION; }
    }

    /** Inverted dropout: h_k = m_k ⊙ g(·) / (1 − p), with P(m = 0) = p; the identity at evaluation. */
    record Drop(double p) implements Operation {
        public Drop {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout needs 0 ≤ p < 1, not " + p);
            }
        }

        public Kind kind() { return Kind.DROPOUT; }
    }

    /** g of an operation of kind ACTIVATION, for the engines' ACTIVATION case. */
    static Activation g(Operation op) {
        return ((Activate) op).g();
    }

    /** ε of an operation of kind BATCH_NORM. */
    static double eps(Operation op) {
        return ((Normalize) op).eps();
    }

    /** p of an operation of kind DROPOUT. */
    static double p(Operation op) {
        return ((Drop) op).p();
    }
}
