package netgrad.graph;

/**
 * A {@link LayerGraph} as Graphviz DOT, for {@code netgrad graph -o FILE.png} and for users who lay graphs out
 * with their own tools: the chain left to right, parameters in boxes of their own colour, edges labelled with
 * their operation.
 */
public final class LayerDot {
    private LayerDot() {}

    public static String of(LayerGraph g) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph \"").append(DotGraph.escape(g.name())).append("\" {\n");
        dot.append("  rankdir=LR;\n  fontname=\"Helvetica\";\n");
        dot.append("  label=\"").append(DotGraph.escape("Layers of " + g.name())).append("\";\n  labelloc=t;\n");
        dot.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=14];\n");
        dot.append("  edge [fontname=\"Helvetica\", fontsize=11];\n");
        for (LayerGraph.Node n : g.chain()) {
            node(dot, n);
        }
        for (LayerGraph.Node n : g.parameters()) {
            node(dot, n);
        }
        for (LayerGraph.Edge e : g.edges()) {
            dot.append("  \"").append(e.from()).append("\" -> \"").append(e.to()).append("\" [label=\"")
                    .append(DotGraph.escape(e.op())).append("\"];\n");
        }
        dot.append("}\n");
        return dot.toString();
    }

    private static void node(StringBuilder dot, LayerGraph.Node n) {
        String fill = LayerSvg.fill(n.kind());
        dot.append("  \"").append(n.id()).append("\" [label=\"").append(DotGraph.escape(n.label() + "\n" + n.shape()))
                .append("\", fillcolor=\"").append(fill).append('"')
                .append(n.kind() == LayerGraph.Kind.SUMMARY ? ", style=\"rounded,filled,dashed\"" : "").append("];\n");
    }
}
