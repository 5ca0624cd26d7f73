package netgrad.tape;

import java.util.List;

import netgrad.linalg.Matrix;

/**
 * One entry of a {@link Tape}: the value an elementary operation computed, the operation's name, its inputs,
 * and (after {@link Tape#backward}) the gradient ∂L/∂value of the tape's output, in the shape of the value.
 * The local backward rule is kept beside the value and is run only by the tape.
 */
public final class Node {
    /** Adds this node's contribution to its inputs' gradients, given this node's gradient. */
    @FunctionalInterface
    interface Rule {
        void propagate(Node out);
    }

    private final int id;
    private final String op;
    private String label;
    private final Matrix value;
    private final List<Node> inputs;
    private final boolean requiresGrad;
    private final Rule rule;
    Matrix grad;

    Node(int id, String op, String label, Matrix value, List<Node> inputs, boolean requiresGrad, Rule rule) {
        this.id = id;
        this.op = op;
        this.label = label;
        this.value = value;
        this.inputs = List.copyOf(inputs);
        this.requiresGrad = requiresGrad;
        this.rule = rule;
    }

    /** Position on the tape (0 = first recorded). */
    public int id() {
        return id;
    }

    /** The operation that made this node: "matmul", "add", "exp", ..., "constant", "parameter". */
    public String op() {
        return op;
    }

    /** The plan quantity this node computes ("x", "W1", "a2", "h1", "ŷ", "L", ...), or null. */
    public String label() {
        return label;
    }

    /** The forward value (live: do not modify). */
    public Matrix value() {
        return value;
    }

    /**
     * ∂L/∂(this value) for the output L of the last {@link Tape#backward} call, same shape as {@link #value()}
     * (live: do not modify). Zero for nodes that L does not depend on, and for constants.
     *
     * @throws IllegalStateException before the first backward call
     */
    public Matrix grad() {
        if (grad == null) {
            throw new IllegalStateException("node " + id + " (" + op + ") has no gradient yet: call Tape.backward first");
        }
        return grad;
    }

    /** The nodes this one was computed from, in argument order (empty for constants and parameters). */
    public List<Node> inputs() {
        return inputs;
    }

    /** False for constants and for nodes computed only from constants: backward skips their gradients. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    void label(String newLabel) {
        this.label = newLabel;
    }

    Rule rule() {
        return rule;
    }

    @Override
    public String toString() {
        return "%" + id + " = " + op + (label == null ? "" : " [" + label + "]") + " " + value.shape();
    }
}
