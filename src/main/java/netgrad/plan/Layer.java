package netgrad.plan;

import java.util.List;

import netgrad.source.SourcePos;

/**
 * Layer k of the plan: a_k = b_k + W_k h_{k−1}, with W_k of shape n_k × n_{k−1} and b_k of n_k, then its
 * {@link #operations()} in order. Hidden layers (k &lt; L) end with an activation g, giving h_k; the output
 * layer (k = L) applies O: ŷ = O(a_L).
 */
public sealed interface Layer {
    /** The layer index k, 1-based as in the lecture. */
    int k();

    /** n_{k−1}: the width of the layer below (the input size for k = 1). */
    int fanIn();

    /** n_k: the number of units. */
    int units();

    /** Where the layer was written in the spec (inside a repeat block: the line of its statement). */
    SourcePos pos();

    /** What follows a_k = b_k + W_k h_{k−1}, in the order the forward pass applies it (see {@link Operation}). */
    List<Operation> operations();

    /** Parameters W_k and b_k, n_k·n_{k−1} + n_k, plus those of the operations. */
    default long parameterCount() {
        long count = (long) units() * fanIn() + units();
        for (Operation op : operations()) {
            count += op.parameterCount(units());
        }
        return count;
    }

    /** W_k. */
    default Quantity weight() {
        return Quantity.W(k());
    }

    /** b_k. */
    default Quantity bias() {
        return Quantity.b(k());
    }

    /** h_k from a_k through the operations (see {@link Operation}): batch norm, g, dropout; 1 ≤ k &lt; L. */
    record Hidden(int k, int fanIn, int units, List<Operation> operations, SourcePos pos) implements Layer {
        public Hidden {
            operations = List.copyOf(operations);
            long activations = operations.stream().filter(op -> op.kind() == Operation.Kind.ACTIVATION).count();
            if (activations != 1) {
                throw new IllegalArgumentException("hidden layer " + k + " needs exactly one activation: " + operations);
            }
            for (int i = 1; i < operations.size(); i++) {   // batch norm, activation, dropout: each once, in order
                if (operations.get(i - 1).kind().compareTo(operations.get(i).kind()) >= 0) {
                    throw new IllegalArgumentException("hidden layer " + k + " has its operations out of order: "
                            + operations);
                }
            }
        }

        /** The layer a_k = b_k + W_k h_{k−1}, h_k = g(a_k). */
        public Hidden(int k, int fanIn, int units, Activation g, SourcePos pos) {
            this(k, fanIn, units, List.of(new Operation.Activate(g)), pos);
        }

        /** g of this layer. */
        public Activation activation() {
            return Operation.g(find(Operation.Kind.ACTIVATION));   // the constructor requires exactly one
        }

        /** The layer's operation of {@code kind}, or null when it has none. */
        public Operation find(Operation.Kind kind) {
            for (int i = 0; i < operations.size(); i++) {   // indexed: engines ask this every step, allocation-free
                if (operations.get(i).kind() == kind) {
                    return operations.get(i);
                }
            }
            return null;
        }

        /** Whether the layer normalises a_k over the batch (then it has γ_k, β_k and â_k). */
        public boolean batchNorm() {
            return find(Operation.Kind.BATCH_NORM) != null;
        }

        /** p of the layer's dropout, 0 when it has none. */
        public double dropout() {
            Operation op = find(Operation.Kind.DROPOUT);
            return op == null ? 0 : Operation.p(op);
        }
    }

    /** ŷ = O(a_L); O is fused with the loss by every engine, so no operations come between a_L and O. */
    record Output(int k, int fanIn, int units, OutputFunction function, SourcePos pos) implements Layer {
        public List<Operation> operations() {
            return List.of();
        }
    }
}
