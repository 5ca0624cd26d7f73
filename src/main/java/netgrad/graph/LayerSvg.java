package netgrad.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays out a {@link LayerGraph} as SVG without Graphviz: the chain left to right in rows of at most
 * {@value #MAX_COLUMNS} columns (a summary takes two), each row's parameters W_k, b_k in a band above their
 * a_k, and a row that ends continues from the left of the next one. A node shows its name large and its shape
 * below; an edge's operation is written above it. Deterministic: the same graph gives the same bytes.
 */
public final class LayerSvg {
    private LayerSvg() {}

    static final int MAX_COLUMNS = 8;
    static final int NODE_W = 84;
    static final int NODE_H = 56;
    static final int GAP = 72;
    static final int PITCH = NODE_W + GAP;
    static final int PARAM_W = 80;
    static final int PARAM_H = 44;
    static final int PARAM_GAP = 40;
    static final int ROW_GAP = 64;
    static final int ROW_H = PARAM_H + PARAM_GAP + NODE_H + ROW_GAP;
    static final int LEFT = 112;
    static final int RIGHT = 24;
    static final int TOP = 16;
    /** Where a wrapped chain runs down from one row to the next, left of every node. */
    static final int RETURN_X = 14;
    static final int LABEL_FONT = 15;
    /** Characters of an edge label per line before it wraps at a space. */
    static final int LABEL_LINE = 9;

    /** A node's box. */
    public record Box(double x, double y, double w, double h) {
        double cx() {
            return x + w / 2;
        }

        double cy() {
            return y + h / 2;
        }
    }

    /** The positions of every node and the picture's size in px. */
    public record Layout(Map<String, Box> boxes, int width, int height) {}

    /** Places every node. */
    public static Layout layout(LayerGraph g) {
        Map<String, Box> boxes = new HashMap<>();
        int column = 0;
        int row = 0;
        int usedColumns = 0;
        for (LayerGraph.Node node : g.chain()) {
            int span = node.kind() == LayerGraph.Kind.SUMMARY ? 2 : 1;
            if (column + span > MAX_COLUMNS) {
                row++;
                column = 0;
            }
            double x = LEFT + column * PITCH;
            double y = TOP + row * ROW_H + PARAM_H + PARAM_GAP;
            boxes.put(node.id(), new Box(x, y, span * PITCH - GAP, NODE_H));
            column += span;
            usedColumns = Math.max(usedColumns, column);
        }
        for (LayerGraph.Node p : g.parameters()) {
            Box a = boxes.get(p.attached());
            // W_k sits above the edge into a_k, b_k straight above a_k
            double cx = p.id().startsWith("W") ? a.x() - GAP / 2.0 - 8 : a.cx() + 4;
            boxes.put(p.id(), new Box(cx - PARAM_W / 2.0, a.y() - PARAM_GAP - PARAM_H, PARAM_W, PARAM_H));
        }
        int width = LEFT + usedColumns * PITCH - GAP + RIGHT;
        int height = TOP + (row + 1) * ROW_H - ROW_GAP + TOP;
        return new Layout(boxes, width, height);
    }

    /** The standalone SVG document. */
    public static String svg(LayerGraph g) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + element(g, "").replaceFirst("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    }

    /**
     * The {@code <svg>} element inline in HTML (no namespace declaration: HTML gives it); {@code idPrefix} keeps
     * its marker's id unique in a page.
     */
    public static String element(LayerGraph g, String idPrefix) {
        Layout layout = layout(g);
        String arrow = idPrefix + "arrow";
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"DejaVu Sans, Liberation Sans, sans-serif\">\n",
                layout.width(), layout.height(), layout.width(), layout.height()));
        s.append("<title>").append(escape("Layers of " + g.name() + ": the chain x → a₁ → h₁ → … → ŷ → ℒ"))
                .append("</title>\n");
        s.append("<defs><marker id=\"").append(arrow).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                + "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                + "fill=\"#333\"/></marker></defs>\n");
        for (LayerGraph.Edge e : g.edges()) {
            edge(s, layout, e, arrow);
        }
        List<LayerGraph.Node> all = new ArrayList<>(g.chain());
        all.addAll(g.parameters());
        for (LayerGraph.Node node : all) {
            node(s, layout.boxes().get(node.id()), node);
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void edge(StringBuilder s, Layout layout, LayerGraph.Edge e, String arrow) {
        Box from = layout.boxes().get(e.from());
        Box to = layout.boxes().get(e.to());
        String marker = "\" fill=\"none\" stroke=\"#333\" stroke-width=\"2\" marker-end=\"url(#" + arrow + ")\"/>\n";
        if (from.h() == PARAM_H) { // a parameter into its a_k: from its bottom to the top of a_k
            double tx = Math.max(to.x() + 10, Math.min(to.x() + to.w() - 10, from.cx()));
            s.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f", from.cx(), from.y() + from.h(), tx, to.y()))
                    .append(marker);
            label(s, (from.cx() + tx) / 2 + 8, (from.y() + from.h() + to.y()) / 2 + 5, e.op(), "start");
            return;
        }
        if (Math.abs(from.y() - to.y()) < 1) { // the next node in the same row
            s.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f", from.x() + from.w(), from.cy(), to.x(), to.cy()))
                    .append(marker);
            label(s, (from.x() + from.w() + to.x()) / 2, from.cy() - 8, e.op(), "middle");
            return;
        }
        // the chain wraps: right, down into the gap below the row, back to the left edge, down, into the next row
        double outX = from.x() + from.w() + 14;
        double midY = from.y() + from.h() + ROW_GAP / 2.0;
        s.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f L%.1f,%.1f L%.1f,%.1f L%.1f,%.1f",
                from.x() + from.w(), from.cy(), outX, from.cy(), outX, midY, (double) RETURN_X, midY, (double) RETURN_X,
                to.cy(), to.x(), to.cy())).append(marker);
        label(s, (RETURN_X + to.x()) / 2, to.cy() - 8, e.op(), "middle");
    }

    /** An edge label, wrapped at spaces into lines of about LABEL_LINE characters stacked upwards from y. */
    private static void label(StringBuilder s, double x, double y, String text, String anchor) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > LABEL_LINE) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        for (int i = 0; i < lines.size(); i++) {
            double ly = y - (lines.size() - 1 - i) * (LABEL_FONT + 2);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"#222\">",
                    x, ly, LABEL_FONT, anchor)).append(escape(lines.get(i))).append("</text>\n");
        }
    }

    /** The fill colour of a kind of node (the same in the SVG and the DOT). */
    static String fill(LayerGraph.Kind kind) {
        return switch (kind) {
            case INPUT, QUANTITY -> "#cfe3f7";
            case PARAMETER -> "#fff2b3";
            case OUTPUT -> "#d6f0d2";
            case LOSS -> "#f4b6b6";
            case SUMMARY -> "#eeeeee";
        };
    }

    private static void node(StringBuilder s, Box b, LayerGraph.Node node) {
        String fill = fill(node.kind());
        String dash = node.kind() == LayerGraph.Kind.SUMMARY ? " stroke-dasharray=\"6 4\"" : "";
        s.append(String.format(Locale.ROOT, "<g id=\"node-%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "rx=\"8\" fill=\"%s\" stroke=\"#333\" stroke-width=\"1.5\"%s/>", escape(node.id()), b.x(), b.y(), b.w(), b.h(),
                fill, dash));
        boolean parameter = node.kind() == LayerGraph.Kind.PARAMETER;
        int big = parameter ? 18 : 22;
        int small = parameter ? 14 : node.kind() == LayerGraph.Kind.SUMMARY ? 13 : 16;
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"bold\" "
                + "text-anchor=\"middle\" fill=\"#111\">", b.cx(), b.y() + b.h() / 2 - 1, big)).append(escape(node.label()))
                .append("</text>");
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" fill=\"#222\">",
                b.cx(), b.y() + b.h() / 2 + small + 2, small)).append(escape(node.shape())).append("</text></g>\n");
    }

    /** XML character data / attribute escaping. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
