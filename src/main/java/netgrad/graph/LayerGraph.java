package netgrad.graph;

import java.util.ArrayList;
import java.util.List;

import netgrad.plan.Layer;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The lecture's chain as a graph: x → a₁ → h₁ → … → a_L → ŷ → ℒ, one node per quantity with its shape for one
 * example, and per layer the parameters W_k and b_k feeding a_k = b_k + W_k h_{k−1}. Edges carry the operation
 * (the affine map, the activation's name, the output function, the loss). A run of three or more repetitions
 * of the same one to {@value #MAX_PERIOD} layers (a spec's {@code repeat}) keeps its first repetition and
 * becomes one summary node for the rest, so a thousand-layer network stays a picture.
 *
 * @param name  the network's name
 * @param chain      the quantities in forward order (x first, ℒ last); summaries stand for runs of layers
 * @param parameters W_k and b_k of every drawn layer, each attached to its a_k
 * @param edges      every edge: chain edges between consecutive chain nodes, and parameter edges into a_k
 */
public record LayerGraph(String name, List<Node> chain, List<Node> parameters, List<Edge> edges) {
    public LayerGraph {
        chain = List.copyOf(chain);
        parameters = List.copyOf(parameters);
        edges = List.copyOf(edges);
    }

    /** Longest repeated block of layers a summary recognises. */
    static final int MAX_PERIOD = 4;
    /** Repetitions a block needs before its copies after the first are summarised. */
    static final int MIN_REPEATS = 3;
    /** Fewer layers than this after a block's first copy are drawn in full (the chain wraps instead). */
    static final int MIN_SUMMARISED = 6;

    public enum Kind { INPUT, QUANTITY, PARAMETER, OUTPUT, LOSS, SUMMARY }

    /**
     * One node.
     *
     * @param id       unique, ASCII (x, a1, h1, W1, b1, yhat, L, s4)
     * @param label    as the lecture writes it (a₁, ŷ, ℒ, or "a₄ … h₉" for a summary)
     * @param shape    for one example, e.g. [3] or [3×4]; for a summary what it stands for
     * @param kind     what it is
     * @param attached for a parameter the id of the a_k it feeds, else null
     */
    public record Node(String id, String label, String shape, Kind kind, String attached) {}

    /** An edge from one node to another, labelled with the operation that uses it. */
    public record Edge(String from, String to, String op) {}

    /** The parameters attached to chain node {@code id}, W before b. */
    public List<Node> parametersOf(String id) {
        return parameters.stream().filter(p -> p.attached().equals(id)).toList();
    }

    /** The graph of {@code plan}. */
    public static LayerGraph of(Plan plan) {
        Builder b = new Builder(plan);
        b.chain.add(new Node("x", "x", vec(plan.inputSize()), Kind.INPUT, null));
        List<Layer> layers = plan.layers();
        int i = 0;
        while (i < layers.size()) {
            int[] run = repeatedRun(layers, i);
            int period = run[0];
            int repeats = run[1];
            if (repeats >= MIN_REPEATS && period * (repeats - 1) >= MIN_SUMMARISED) {
                for (int t = 0; t < period; t++) {
                    b.layer(layers.get(i + t));
                }
                b.summary(layers.subList(i + period, i + period * repeats), period, repeats - 1);
                i += period * repeats;
            } else {
                b.layer(layers.get(i));
                i++;
            }
        }
        String yhat = "yhat";
        b.chain.add(new Node(yhat, "ŷ", vec(plan.units(plan.depth())), Kind.OUTPUT, null));
        b.edge(b.previous(), yhat, plan.output().function().keyword());
        b.previousId = yhat;
        b.chain.add(new Node("L", "ℒ", "[1]", Kind.LOSS, null));
        b.edge(yhat, "L", plan.loss().keyword().replace('_', ' '));
        return new LayerGraph(plan.name(), b.chain, b.parameters, b.edges);
    }

    /**
     * The best run starting at layer {@code i}: {period, repeats} with the most layers covered by at least
     * MIN_REPEATS repetitions of a block of {@code period} hidden layers (the output layer never repeats).
     */
    static int[] repeatedRun(List<Layer> layers, int i) {
        int[] best = {1, 1};
        for (int p = 1; p <= MAX_PERIOD; p++) {
            int repeats = 1;
            while (i + p * (repeats + 1) <= layers.size() && sameBlock(layers, i, i + p * repeats, p)) {
                repeats++;
            }
            if (repeats >= MIN_REPEATS && p * repeats > best[0] * best[1]) {
                best = new int[] {p, repeats};
            }
        }
        return best;
    }

    private static boolean sameBlock(List<Layer> layers, int a, int b, int length) {
        for (int t = 0; t < length; t++) {
            Layer x = layers.get(a + t);
            Layer y = layers.get(b + t);
            if (!(x instanceof Layer.Hidden hx && y instanceof Layer.Hidden hy && hx.fanIn() == hy.fanIn()
                    && hx.units() == hy.units() && hx.operations().equals(hy.operations()))) {
                return false;
            }
        }
        return true;
    }

    private static final class Builder {
        final Plan plan;
        final List<Node> chain = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final List<Node> parameters = new ArrayList<>();
        String previousId = "x";

        Builder(Plan plan) {
            this.plan = plan;
        }

        String previous() {
            return previousId;
        }

        /** a_k = b_k + W_k h_{k−1}, then h_k = g(a_k) for a hidden layer. */
        void layer(Layer layer) {
            int k = layer.k();
            String a = Quantity.a(k).label();
            chain.add(new Node(a, Quantity.a(k).subscripted(), vec(layer.units()), Kind.QUANTITY, null));
            edge(previousId, a, "W·h+b");
            String w = layer.weight().label();
            String b = layer.bias().label();
            parameters.add(new Node(w, layer.weight().subscripted(), "[" + layer.units() + "×" + layer.fanIn() + "]",
                    Kind.PARAMETER, a));
            parameters.add(new Node(b, layer.bias().subscripted(), vec(layer.units()), Kind.PARAMETER, a));
            edges.add(new Edge(w, a, "·"));
            edges.add(new Edge(b, a, "+"));
            previousId = a;
            if (layer instanceof Layer.Hidden hidden) {
                String h = Quantity.h(k).label();
                chain.add(new Node(h, Quantity.h(k).subscripted(), vec(layer.units()), Kind.QUANTITY, null));
                edge(a, h, operations(hidden));
                previousId = h;
            }
        }

        /** One node for layers first..last, the same block of {@code period} layers {@code copies} more times. */
        void summary(List<Layer> run, int period, int copies) {
            int first = run.get(0).k();
            int last = run.get(run.size() - 1).k();
            StringBuilder block = new StringBuilder();
            for (int t = 0; t < period; t++) {
                Layer.Hidden h = (Layer.Hidden) run.get(t);
                block.append(t > 0 ? ", " : "").append(operations(h)).append(' ').append(vec(h.units()));
            }
            String id = "s" + first;
            String what = copies + " × " + (period == 1 ? block : "(" + block + ")");
            chain.add(new Node(id, Quantity.a(first).subscripted() + " … " + Quantity.h(last).subscripted(), what, Kind.SUMMARY,
                    null));
            edge(previousId, id, "layers " + first + "–" + last);
            previousId = id;
        }

        /** The label of a_k → h_k: g's keyword, with batch norm and dropout in their order ("batchnorm relu dropout 0.2"). */
        static String operations(Layer.Hidden layer) {
            StringBuilder out = new StringBuilder();
            for (Operation op : layer.operations()) {
                out.append(out.length() > 0 ? " " : "").append(switch (op.kind()) {
                    case BATCH_NORM -> "batchnorm";
                    case ACTIVATION -> layer.activation().keyword();
                    case DROPOUT -> "dropout " + java.math.BigDecimal.valueOf(layer.dropout()).stripTrailingZeros()
                            .toPlainString();
                });
            }
            return out.toString();
        }

        void edge(String from, String to, String op) {
            edges.add(new Edge(from, to, op));
        }
    }

    static String vec(int n) {
        return "[" + n + "]";
    }
}
