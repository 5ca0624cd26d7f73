package netgrad.plan;

/**
 * Layer k of the plan: a_k = b_k + W_k h_{k−1}, with W_k of shape n_k × n_{k−1} and b_k of n_k.
 * Hidden layers (k &lt; L) apply an activation g; the output layer (k = L) applies O.
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

    /** Parameters W_k and b_k: n_k·n_{k−1} + n_k. */
    default long parameterCount() {
        return (long) units() * fanIn() + units();
    }

    /** W_k. */
    default Quantity weight() {
        return Quantity.W(k());
    }

    /** b_k. */
    default Quantity bias() {
        return Quantity.b(k());
    }

    /** h_k = g(a_k), 1 ≤ k &lt; L. */
    record Hidden(int k, int fanIn, int units, Activation activation, SourcePos pos) implements Layer {}

    /** ŷ = O(a_L). */
    record Output(int k, int fanIn, int units, OutputFunction function, SourcePos pos) implements Layer {}
}
