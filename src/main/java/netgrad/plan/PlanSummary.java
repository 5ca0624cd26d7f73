package netgrad.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plan as a model summary: one row per layer k with the formula it computes
 * (a_k = b_k + W_k·h_{k−1}, h_k = g(a_k), and ŷ = O(a_L) at the output), the shapes of W_k (n_k×n_{k−1}),
 * b_k (n_k×1), a_k and h_k (n_k×B for a batch of B examples), its parameter count and spec line; then
 * the total, the loss, decay, init and training block. Fits 100 columns for the shipped specs.
 * <p>A layer's batch norm and dropout get a row each under it: â_k = γ_k ⊙ x̂ + β_k with x̂ = (a_k − μ)/√(σ² + ε)
 * over the batch (γ_k, β_k of b_k's shape n_k×1, 2n_k parameters), and h_k = m_k ⊙ z/(1 − p) with z = g(·) and
 * the mask m_k of h_k's shape; the notes under the table say what x̂ and z are.
 */
public final class PlanSummary {
    private PlanSummary() {}

    private static final String[] HEADER = {"k", "layer", "computes", "W_k", "b_k", "a_k, h_k", "params", "line"};
    /** Right-aligned columns: k, params, line. */
    private static final boolean[] RIGHT = {true, false, false, false, false, false, true, true};

    public static String render(Plan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(new String[] {"0", "input", "h0 = x", "", "", plan.inputSize() + "xB", "", ""});
        for (Layer layer : plan.layers()) {
            rows.add(new String[] {
                Integer.toString(layer.k()),
                layer instanceof Layer.Output ? "output" : "hidden",
                formula(layer),
                layer.units() + "x" + layer.fanIn(),
                layer.units() + "x1",
                layer.units() + "xB",
                count((long) layer.units() * layer.fanIn() + layer.units()),
                layer.pos().line() > 0 ? Integer.toString(layer.pos().line()) : ""});
            for (Operation op : layer.operations()) {
                String[] detail = operation(layer, op);
                if (detail != null) {
                    rows.add(detail);
                }
            }
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("network ").append(plan.name());
        if (plan.pos().line() > 0) {
            out.append("  (").append(plan.pos()).append(')');
        }
        out.append("\n\n");
        for (String[] row : rows) {
            out.append(row(row, widths)).append('\n');
        }
        String total = count(plan.parameterCount());
        int totalColumn = 0;
        for (int c = 0; c < 6; c++) {
            totalColumn += widths[c] + 2;
        }
        out.append(pad("total", totalColumn - 2, true)).append("  ").append(pad(total, widths[6], true)).append("\n\n");
        if (plan.couplesExamples()) {
            out.append("x̂ = (a_k − μ)/√(σ² + ε), μ and σ² per unit over the batch (running ones in evaluate);\n"
                    + "z = g(·); m_k a 0/1 mask, P(0) = p, drawn per step (no dropout in evaluate)\n\n");
        }
        out.append("loss   ").append(plan.loss().keyword()).append(": ").append(lossFormula(plan.loss()))
                .append(", mean over the batch\n");
        out.append("decay  ").append(plan.weightDecay() == 0 ? "none"
                : "λ = " + number(plan.weightDecay()) + ", adds (λ/2) Σ_k ‖W_k‖² to the loss").append('\n');
        out.append("init   ").append(init(plan.init())).append('\n');
        plan.training().ifPresentOrElse(t -> out.append(training(t)), () -> out.append("train  none\n"));
        return out.toString();
    }

    /** a_k = b_k + W_k·h_{k−1}, then h_k = g(a_k) or ŷ = O(a_L). */
    static String formula(Layer layer) {
        int k = layer.k();
        String ak = Quantity.a(k).label();
        String a = ak + " = " + layer.bias().label() + " + " + layer.weight().label() + "·" + Quantity.h(k - 1).label();
        if (layer instanceof Layer.Hidden h) {
            String x = ak;
            for (Operation op : h.operations()) {
                x = switch (op.kind()) {
                    case BATCH_NORM -> Quantity.ahat(k).label();
                    case ACTIVATION -> applied(Operation.g(op), x);
                    case DROPOUT -> "drop(" + x + ")";
                };
            }
            return a + ", " + Quantity.h(k).label() + " = " + x;
        }
        return a + ", ŷ = " + ((Layer.Output) layer).function().keyword() + "(" + ak + ")";
    }

    /**
     * The row under its layer for batch normalisation (â_k with γ_k, β_k of n_k×1, their 2n_k parameters and ε)
     * or dropout (the mask m_k of n_k×B and p); null for the activation, which the layer's row shows.
     */
    static String[] operation(Layer layer, Operation op) {
        int k = layer.k();
        int n = layer.units();
        return switch (op.kind()) {
            case BATCH_NORM -> new String[] {"", "batchnorm", Quantity.ahat(k).label() + " = " + Quantity.gamma(k).label()
                    + "⊙x̂ + " + Quantity.beta(k).label() + ", ε " + number(Operation.eps(op)), "", n + "x1", n + "xB",
                count(op.parameterCount(n)), ""};
            case DROPOUT -> new String[] {"", "dropout", "h" + k + " = m" + k + "⊙z/(1−p), p " + number(Operation.p(op)),
                "", "", n + "xB", count(0), ""};
            case ACTIVATION -> null;
        };
    }

    /** g(x), with leaky_relu's slope. */
    private static String applied(Activation g, String x) {
        return switch (g.kind()) {
            case LEAKY_RELU -> "leaky_relu(" + x + "), slope " + number(Activation.slope(g));
            case LOGISTIC, TANH, RELU, IDENTITY, SOFTPLUS, DEFINED -> g.keyword() + "(" + x + ")";
        };
    }

    static String lossFormula(Loss loss) {
        return switch (loss) {
            case CROSS_ENTROPY -> "ℓ = −Σ_i y_i log ŷ_i";
            case BINARY_CROSS_ENTROPY -> "ℓ = −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)]";
            case SQUARED_ERROR -> "ℓ = ½ Σ_i (ŷ_i − y_i)²";
        };
    }

    static String init(Init init) {
        String how = switch (init.scheme()) {
            case RANDOM -> "W_k ~ N(0, " + number(init.scale()) + "²)";
            case XAVIER -> "W_k ~ N(0, 2/(n_{k−1} + n_k))";
            case HE -> "W_k ~ N(0, 2/n_{k−1})";
            case ZEROS -> "W_k = 0 (the units of a layer stay identical)";
        };
        return init.scheme().keyword() + ": " + how + ", b_k = 0, seed " + init.seed();
    }

    static String training(Training t) {
        Training.Optimizer o = t.optimizer();
        String hyper = switch (o.kind()) {
            case SGD -> "";
            case MOMENTUM, NAG -> " (γ " + number(o.momentum()) + ")";
            case RMSPROP -> " (β " + number(o.beta()) + ", ε " + number(o.epsilon()) + ")";
            case ADAM, NADAM -> " (β1 " + number(o.beta1()) + ", β2 " + number(o.beta2()) + ", ε "
                    + number(o.epsilon()) + ")";
        };
        return "train  " + t.dataset() + ", validation " + number(t.validationFraction()) + ", epochs " + t.epochs()
                + ", batch_size " + t.batchSize() + (t.pos().line() > 0 ? "  (line " + t.pos().line() + ")" : "")
                + "\n       optimizer " + o.kind().keyword() + hyper + ", learning_rate " + number(t.learningRate())
                + (t.anneal() ? ", anneal true" : "") + "\n";
    }

    private static String row(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append(c == 0 ? "" : "  ").append(pad(cells[c], widths[c], RIGHT[c]));
        }
        return line.toString().stripTrailing();
    }

    private static String pad(String s, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - s.length()));
        return right ? space + s : s + space;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Shortest readable decimal: 0.0005, 42, and tiny values in exponent form (1e-8). */
    static String number(double x) {
        if (x != 0 && Math.abs(x) < 1e-4) {
            BigDecimal d = BigDecimal.valueOf(x).stripTrailingZeros();
            return d.unscaledValue() + "e" + (-d.scale());
        }
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
