package netgrad.plan;

/**
 * One operation of a layer after its affine map a_k = b_k + W_k h_{k−1}, in the order the forward pass applies
 * them to the n_k × B matrix; a hidden layer's last operation gives h_k. Today a hidden layer holds one: its
 * activation, h_k = g(a_k). Batch normalisation (on a_k, before g) and dropout (on h_k, after g) are to be new
 * kinds here: engines walk {@link Layer#operations()} forward (and backward in reverse) and switch on
 * {@link #kind()} with switch expressions without {@code default}, so a new kind is one case per engine and a
 * compile error until every engine has it.
 * <p>The output function O is not an operation: every engine fuses it with the loss (∇a_L = ŷ − e(y) for
 * softmax + cross-entropy), so the output layer is the affine map followed by O ({@link Layer.Output}).
 */
public sealed interface Operation {
    /** What engines switch on. */
    enum Kind { ACTIVATION }

    Kind kind();

    /** The parameters this operation adds to a layer of n_k = {@code units} units, beyond W_k and b_k. */
    default long parameterCount(int units) {
        return switch (kind()) {
            case ACTIVATION -> 0;
        };
    }

    /** h_k = g(a_k), elementwise. */
    record Activate(Activation g) implements Operation {
        public Kind kind() { return Kind.ACTIVATION; }
    }

    /** g of an operation of kind ACTIVATION, for the engines' ACTIVATION case. */
    static Activation g(Operation op) {
        return ((Activate) op).g();
    }
}
