package netgrad.tape;

import netgrad.model.Gradients;

/**
 * One recorded forward and backward pass of a plan on a batch.
 *
 * @param tape      the tape, every node in recording order, gradients filled in
 * @param loss      the 1×1 node L (label "L")
 * @param gradients ∂L/∂q for W1, b1, …, WL, bL, a1..aL and h1..h_{L−1}, copied out of the tape (backprop's names)
 */
public record Recording(Tape tape, Node loss, Gradients gradients) {

    /** L, the batch loss. */
    public double lossValue() {
        return loss.value().data[0];
    }

    /**
     * The last node labelled {@code label} ("x", "y", "W1", "b1", "a1", "h1", …, "ŷ", "log ŷ", "L").
     *
     * @throws IllegalArgumentException when no node has that label
     */
    public Node node(String label) {
        for (int i = tape.nodes().size() - 1; i >= 0; i--) {
            Node n = tape.nodes().get(i);
            if (label.equals(n.label())) {
                return n;
            }
        }
        throw new IllegalArgumentException("no node labelled " + label + " on this tape");
    }
}
