package netgrad.graph;

import java.util.Locale;

import netgrad.linalg.Matrix;
import netgrad.tape.Node;
import netgrad.tape.Tape;

/**
 * A tape as a Graphviz DOT digraph: one box per node (its id and op, the plan quantity it computes such as
 * {@code a2}, {@code h1}, {@code ŷ}, {@code L}, its value and its gradient ∂L/∂value, vectors and matrices as
 * their shape and a short preview), one edge per input, drawn from the input x at the bottom to the loss L at
 * the top. Parameters (W_k, b_k) and the plan's named quantities are filled so the lecture's structure stands
 * out among the elementary ops.
 */
public final class DotGraph {
    private DotGraph() {}

    /** Entries shown in a value or gradient preview. */
    static final int PREVIEW = 3;

    /** The DOT text of {@code tape} (after its backward pass), titled {@code name}, with a caption at the top. */
    public static String of(Tape tape, String name, String caption) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph \"").append(escape(name)).append("\" {\n");
        dot.append("  rankdir=BT;\n");
        dot.append("  labelloc=t;\n  fontname=\"Helvetica\";\n  label=\"").append(escape(caption)).append("\";\n");
        dot.append("  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
        dot.append("  edge [arrowsize=0.6];\n");
        for (Node node : tape.nodes()) {
            dot.append("  n").append(node.id()).append(" [label=\"").append(escape(label(node))).append('"')
                    .append(style(node)).append("];\n");
        }
        for (Node node : tape.nodes()) {
            for (Node input : node.inputs()) {
                dot.append("  n").append(input.id()).append(" -> n").append(node.id()).append(";\n");
            }
        }
        dot.append("}\n");
        return dot.toString();
    }

    private static String label(Node node) {
        StringBuilder s = new StringBuilder();
        s.append('%').append(node.id()).append(' ').append(node.op());
        if (node.label() != null) {
            s.append("  [").append(node.label()).append(']');
        }
        s.append("\nvalue ").append(preview(node.value()));
        Matrix grad = gradient(node);
        s.append("\ngrad ").append(grad == null ? "none (constant)" : preview(grad));
        return s.toString();
    }

    private static Matrix gradient(Node node) {
        if (!node.requiresGrad()) {
            return null;
        }
        try {
            return node.grad();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static String style(Node node) {
        if (node.op().equals("parameter")) {
            return ", style=filled, fillcolor=\"#fff2b3\"";
        }
        if ("L".equals(node.label())) {
            return ", style=filled, fillcolor=\"#f4b6b6\", penwidth=2";
        }
        if (node.label() != null) {
            return ", style=filled, fillcolor=\"#cfe3f7\"";
        }
        return "";
    }

    /** "0.5972" for 1×1, else "(3x1) 0.01, 1.07, 0.504" or "(128x784) 0.067, 0.033, 0.0881, …". */
    static String preview(Matrix m) {
        if (m.size() == 1) {
            return number(m.data[0]);
        }
        StringBuilder s = new StringBuilder(m.shape()).append(' ');
        int shown = Math.min(PREVIEW, m.size());
        for (int i = 0; i < shown; i++) {
            s.append(i > 0 ? ", " : "").append(number(m.data[i]));
        }
        return m.size() > shown ? s.append(", …").toString() : s.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** DOT string escaping: quotes and backslashes escaped, newlines as DOT's centred line break. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
