package netgrad.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

import static netgrad.explain.Notation.grad;
import static netgrad.explain.Notation.gradOne;
import static netgrad.explain.Notation.mat;
import static netgrad.explain.Notation.vec;

/**
 * Builds the symbolic derivation of a plan's gradients in lecture 4's notation: the forward pass
 * (a_k = b_k + W_k h_{k−1}, h_k = g(a_k), ŷ = O(a_L)) with shapes, the loss ℓ of one example, ∇_{a_L} ℓ
 * derived from its scalar form, the backward pass of ℓ in the pseudo code's order with each step's upstream
 * and local factor, every used activation's g′, and the batch convention (ℒ the mean of the B examples' ℓ,
 * so ∇ℒ = (1/B) Σ ∇ℓ; bias gradient summed over the batch; weight decay's λW_k added once, to ∇_{W_k} ℒ). Runs of
 * three or more identical hidden layers are summarised.
 * <p>A layer's batch normalisation and dropout ({@link OperationRules}) add their lines to the forward pass and
 * their steps, in reverse, to the backward pass. Batch normalisation couples the examples, so a plan with it is
 * derived for the batch loss ℒ with n_k × B matrices ({@link Form#BATCH}); dropout alone keeps the one-example form
 * (each example has its own mask).
 */
public final class Derivations {
    private Derivations() {}

    /** A run of identical hidden layers shorter than this is printed in full. */
    static final int SUMMARY_RUN = 3;

    /** The derivation for {@code plan}; {@code source} names the spec in the header (e.g. its path). */
    public static Derivation of(Plan plan, String source) {
        Form form = Form.of(plan);
        boolean batch = form == Form.BATCH;
        boolean dropout = OperationRules.dropoutLayers(plan).size() > 0;
        List<Derivation.Section> sections = new ArrayList<>();
        sections.add(new Derivation.Section("Network", overview(plan, source)));
        sections.add(new Derivation.Section("Forward pass (forward_propagation, " + (batch
                ? "a batch of B examples, training mode)" : dropout ? "one example, training mode)" : "one example)"),
                forward(plan, form)));
        sections.add(new Derivation.Section("Output gradient: " + plan.output().function().keyword() + " + "
                + Notation.name(plan.loss()), OutputRules.derive(plan)));
        sections.add(new Derivation.Section("Backward pass (back_propagation, " + (batch ? "the batch)" : "one example)"),
                backward(plan, form)));
        if (batch) {
            sections.add(new Derivation.Section("Batch normalisation: the gradient through μ and σ²",
                    OperationRules.batchNorm(plan)));
        }
        if (dropout) {
            sections.add(new Derivation.Section("Dropout (inverted): the mask and 1/(1 − p)",
                    OperationRules.dropout(plan, form)));
        }
        for (Activation g : usedActivations(plan)) {
            List<Derivation.Item> items = new ArrayList<>(ActivationRules.derive(g));
            items.addAll(OperationRules.readingOfGPrime(plan, g));
            sections.add(new Derivation.Section("Derivative of " + Notation.name(g), items));
        }
        if (batch) {
            sections.add(new Derivation.Section("Conventions: the batch, ε, the biases and decay", OperationRules.conventions(plan)));
        } else {
            sections.add(new Derivation.Section("A batch of B examples" + (plan.weightDecay() > 0 ? " and weight decay" : ""),
                    batch(plan)));
        }
        String next = plan.couplesExamples()
                ? "The same steps with the numbers of a batch: `netgrad explain " + source + " --trace` (4 examples "
                        + (dropout ? "and their masks " : "") + "drawn with `--seed 1`, the batch `netgrad verify` checks; `--batch N` for another "
                        + "size). The classic mistakes, those of " + (batch && dropout ? "batch norm and dropout"
                        : batch ? "batch norm" : "dropout") + " among them, and what verify "
                        + "reports for each: `--mistakes`."
                : "The same steps with the numbers of one example: `netgrad explain " + source + " --trace`. The classic "
                        + "mistakes and what verify reports for each: `--mistakes`.";
        sections.add(new Derivation.Section("Next", List.of(new Derivation.Prose(next + " The layers as a graph: "
                + "`netgrad graph " + source + " -o layers.svg`; the autodiff tape of one example: add `--level ops`."))));
        return new Derivation("Backpropagation for " + plan.name(), sections);
    }

    private static List<Derivation.Item> overview(Plan plan, String source) {
        StringBuilder arch = new StringBuilder("$n_0 = " + plan.inputSize() + "$");
        for (Layer layer : plan.layers()) {
            String f = layer instanceof Layer.Hidden h ? Notation.name(h.activation()) + OperationRules.summary(h)
                    : plan.output().function().keyword();
            arch.append(" → ").append(layer.units()).append(" ").append(f);
        }
        List<Derivation.Item> items = new ArrayList<>();
        items.add(new Derivation.Prose("Spec: " + source + ". Layers: " + arch + "; loss: " + Notation.name(plan.loss())
                + "; $L = " + plan.depth() + "$; " + plan.parameterCount() + " parameters."));
        items.add(new Derivation.Prose("Notation of lecture 4: $h_0 = x$ the input, $a_k$ the pre-activation and $h_k$ "
                + "the activation of layer $k$, weights $W_k$ and biases $b_k$, $g$ the activation, $O$ the output "
                + "function, $\\hat{y} = O(a_L)$, " + (Notation.target(plan).equals("e(y)")
                ? "$e(y)$ the one-hot vector of the true class $y$" : "$y$ the target") + ", $\\ell$ the loss "
                + "of one example and $\\mathcal{L}$ the loss of the batch. " + (Form.of(plan) == Form.BATCH
                ? "Shapes: $[3]$ a vector of 3, $[3\\times{}B]$ a matrix with 3 rows and a column per example."
                : "Shapes are those of one example: $[3]$ a vector of 3, $[3\\times{}4]$ a matrix with 3 rows.")));
        items.addAll(OperationRules.notation(plan));
        return items;
    }

    private static List<Derivation.Item> forward(Plan plan, Form form) {
        List<Derivation.Item> items = new ArrayList<>();
        for (List<Layer> run : runs(plan)) {
            Layer first = run.get(0);
            affine(items, first, form);
            if (first instanceof Layer.Hidden hidden) {
                OperationRules.forward(items, hidden, form);
            } else {
                Layer.Output out = (Layer.Output) first;
                items.add(new Derivation.Equation("\\hat{y} = O(" + Quantity.a(first.k()).tex() + ")", form.col(first.units()),
                        "$O$ = " + out.function().keyword() + outputFormula(out)
                                + (form == Form.BATCH ? ", column by column" : "")));
            }
            if (run.size() > 1) {
                Layer last = run.get(run.size() - 1);
                boolean plain = first.operations().size() == 1;
                items.add(new Derivation.Equation("k = " + (first.k() + 1) + ", …, " + last.k()
                        + ":\\text{ the same " + (plain ? "two " : "") + "steps}", "", "layers " + (first.k() + 1) + "–"
                        + last.k() + ": same shapes and $g$ as layer " + first.k()));
            }
        }
        if (form == Form.BATCH) {
            items.add(new Derivation.Equation("\\ell_j = " + lossFormula(plan), "[1]",
                    "the loss of example $j$: $\\hat{y}$ and $" + Notation.target(plan) + "$ of column $j$"));
            String decay = plan.weightDecay() > 0 ? " + \\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2" : "";
            items.add(new Derivation.Equation("\\mathcal{L} = \\frac{1}{B} \\sum_{j=1}^{B} \\ell_j" + decay, "[1]",
                    "the batch loss: the mean over the examples" + (decay.isEmpty() ? "" : ", plus the decay")));
        } else {
            items.add(new Derivation.Equation("\\ell = " + lossFormula(plan), "[1]", "the loss of this example"));
        }
        return items;
    }

    private static void affine(List<Derivation.Item> items, Layer layer, Form form) {
        int k = layer.k();
        String shapes = form.col(layer.units()) + " = " + vec(layer.units()) + " + " + mat(layer.units(), layer.fanIn())
                + "\\cdot" + form.col(layer.fanIn());
        String note = Notation.where(layer);
        if (k == 1) {
            note = note.isEmpty() ? "$h_0 = x$" : note + "; $h_0 = x$";
        }
        if (form == Form.BATCH) {
            note += "; $" + Quantity.b(k).tex() + "$ added to every column";
        }
        items.add(new Derivation.Equation(Quantity.a(k).tex() + " = " + Quantity.b(k).tex() + " + " + Quantity.W(k).tex() + " " + Quantity.h(k - 1).tex(),
                shapes, note));
    }

    private static String outputFormula(Layer.Output out) {
        return switch (out.function()) {
            case SOFTMAX -> ": $\\hat{y}_i = e^{a_i} / \\sum_j e^{a_j}$";
            case LOGISTIC -> ", elementwise";
            case IDENTITY -> ": $\\hat{y} = " + Quantity.a(out.k()).tex() + "$";
        };
    }

    private static String lossFormula(Plan plan) {
        return switch (plan.loss()) {
            case CROSS_ENTROPY -> "-\\sum_i " + Notation.target(plan) + "_i \\log \\hat{y}_i";
            case BINARY_CROSS_ENTROPY -> "-\\sum_i [y_i \\log \\hat{y}_i + (1 - y_i) \\log(1 - \\hat{y}_i)]";
            case SQUARED_ERROR -> "\\frac{1}{2} \\sum_i (\\hat{y}_i - " + Notation.target(plan) + "_i)^2";
        };
    }

    private static List<Derivation.Item> backward(Plan plan, Form form) {
        List<Derivation.Item> items = new ArrayList<>();
        int depth = plan.depth();
        String operations = OperationRules.backwardOrder(plan);
        if (form == Form.BATCH) {
            items.add(new Derivation.Prose("Each step is the chain rule for the batch loss $\\mathcal{L}$: the upstream "
                    + "gradient (already computed for the layer above) times the local derivative of this step. Every "
                    + "$a_k$, $h_k$ and their gradients have one column per example; $\\cdot \\mathbb{1}_B$ sums a row "
                    + "over the batch, so a parameter, which every example uses, collects all $B$ columns. " + loop(depth)
                    + operations + (plan.weightDecay() > 0 ? " Weight decay's $\\lambda W_k$ is part of $\\mathcal{L}$: "
                    + "it is added to $" + grad("W_k") + "$ in the loop." : "")));
            items.add(new Derivation.Equation(grad(Quantity.a(depth).tex()) + " = \\frac{1}{B} [\\ldots, "
                    + OutputRules.vectorForm(plan, "_j") + ", \\ldots]", form.col(plan.units(depth)),
                    "the output gradient derived above, for each example $j$ (column $j$), divided by $B$: "
                            + "$\\mathcal{L}$ is the mean"));
        } else {
            items.add(new Derivation.Prose("Each step is the chain rule: the upstream gradient (already computed for the "
                    + "layer above) times the local derivative of this step, for the loss $\\ell$ of this one example. "
                    + loop(depth) + operations + (plan.weightDecay() > 0 ? " Weight decay is not part of $\\ell$: its "
                    + "$\\lambda W_k$ is added once per batch (below)." : "")));
            items.add(new Derivation.Equation(gradOne(Quantity.a(depth).tex()) + " = " + OutputRules.vectorForm(plan),
                    vec(plan.units(depth)), "the output gradient, derived above"));
        }
        List<List<Layer>> runs = runs(plan);
        for (int r = runs.size() - 1; r >= 0; r--) {
            List<Layer> run = runs.get(r);
            Layer last = run.get(run.size() - 1);
            layerSteps(items, plan, last, form);
            if (run.size() > 1) {
                // the run's first layer is shown in full: its ∇a_{k−1} uses the g of the layer below the run
                Layer first = run.get(0);
                int from = last.k() - 1;
                int to = first.k() + 1;
                items.add(new Derivation.Label((from == to ? "k = " + from : "k = " + from + ", …, " + to)
                        + ": the same " + (first.operations().size() == 1 ? "four " : "") + "steps and shapes as k = "
                        + last.k()));
                layerSteps(items, plan, first, form);
            }
        }
        return items;
    }

    /** How many times the backward loop runs: k = L, …, 1, or just once without hidden layers. */
    private static String loop(int depth) {
        return switch (depth) {
            case 1 -> "With no hidden layer the loop runs once, for $k = 1$.";
            case 2 -> "The loop runs $k = 2, 1$.";
            default -> "The loop runs $k = " + depth + ", …, 1$.";
        };
    }

    /** The loop body for layer k: ∇W_k, ∇b_k, then (k > 1) ∇h_{k−1} and back through layer k−1 to ∇a_{k−1}. */
    private static void layerSteps(List<Derivation.Item> items, Plan plan, Layer layer, Form form) {
        int k = layer.k();
        int n = layer.units();
        int m = layer.fanIn();
        boolean batch = form == Form.BATCH;
        String ak = form.grad(Quantity.a(k).tex());
        String hPrev = Quantity.h(k - 1).tex();
        String where = Notation.where(layer);
        String decay = batch && plan.weightDecay() > 0 ? " + \\lambda " + Quantity.W(k).tex() : "";
        items.add(new Derivation.Label("k = " + k + (k == plan.depth() ? " (output layer)" : "")
                + (where.isEmpty() ? "" : ", " + where)));
        items.add(new Derivation.Equation(form.grad(Quantity.W(k).tex()) + " = " + ak + " \\cdot " + hPrev + "^\\top" + decay,
                mat(n, m) + " = " + form.col(n) + "\\cdot" + (batch ? "[B\\times{}" + m + "]" : vec(m) + "^\\top"),
                "upstream $" + ak + "$, local $" + hPrev + "^\\top$" + (batch ? "; sums the $B$ examples' outer products"
                        + (decay.isEmpty() ? "" : ", plus $\\lambda " + Quantity.W(k).tex() + "$") : "")));
        if (batch) {
            boolean cancelled = plan.batchNorm(k);
            items.add(new Derivation.Equation(form.grad(Quantity.b(k).tex()) + " = " + ak + " \\cdot \\mathbb{1}_B"
                    + (cancelled ? " = 0" : ""), vec(n) + " = " + form.col(n) + "\\cdot[B]", cancelled
                    ? "every row of $" + ak + "$ sums to 0 (batch normalisation, below): the mean cancels $"
                            + Quantity.b(k).tex() + "$"
                    : "upstream $" + ak + "$, local $\\partial " + Quantity.a(k).tex() + "/\\partial " + Quantity.b(k).tex()
                            + " = I$, summed over the batch"));
        } else {
            items.add(new Derivation.Equation(gradOne(Quantity.b(k).tex()) + " = " + ak, vec(n),
                    "upstream $" + ak + "$, local $\\partial " + Quantity.a(k).tex() + "/\\partial " + Quantity.b(k).tex()
                            + " = I$"));
        }
        if (k == 1) {
            items.add(new Derivation.Prose("The loop ends at $k = 1$: $h_0 = x$ is the input, so $"
                    + form.grad("h_0") + "$ is not needed."));
            return;
        }
        items.add(new Derivation.Equation(form.grad(hPrev) + " = " + Quantity.W(k).tex() + "^\\top " + ak,
                form.col(m) + " = " + mat(m, n) + "\\cdot" + form.col(n),
                "upstream $" + ak + "$, local $" + Quantity.W(k).tex() + "^\\top$"));
        OperationRules.backward(items, (Layer.Hidden) plan.layer(k - 1), form);
    }

    private static List<Derivation.Item> batch(Plan plan) {
        int depth = plan.depth();
        List<Derivation.Item> items = new ArrayList<>();
        items.add(new Derivation.Prose("With $B$ examples side by side as columns, every $a_k$ and $h_k$ is $n_k \\times{} B$ "
                + "and the loss is the mean over the examples" + (plan.weightDecay() > 0 ? " plus the decay term:" : ":")));
        String decay = plan.weightDecay() > 0 ? " + \\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2" : "";
        items.add(new Derivation.Equation("\\mathcal{L} = \\frac{1}{B} \\sum_{m=1}^{B} \\ell_m" + decay, "[1]",
                plan.weightDecay() > 0 ? "$\\lambda = " + Notation.number(plan.weightDecay()) + "$, biases not decayed"
                        : "no weight decay in this spec"));
        String lambda = plan.weightDecay() > 0 ? " + \\lambda W_k" : "";
        items.add(new Derivation.Equation(grad("W_k") + " = \\frac{1}{B} \\sum_{m=1}^{B} " + gradOne("W_k") + "_m"
                + lambda, "[n_k\\times{}n_{k-1}]", "the mean of the one-example gradients above" + (lambda.isEmpty()
                ? "; likewise for $b_k$" : ", plus $\\partial/\\partial W_k$ of $\\frac{\\lambda}{2} \\lVert W_k\\rVert^2$, "
                + "once per batch; $b_k$ likewise, without decay")));
        items.add(new Derivation.Equation(Quantity.a(depth).texGradient() + " = \\frac{1}{B} [\\ldots, "
                + OutputRules.vectorForm(plan, "_m") + ", \\ldots]", "[" + plan.units(depth) + "\\times{}B]",
                "column $m$ is example $m$'s gradient divided by $B$"));
        items.add(new Derivation.Equation(grad("W_k") + " = " + grad("a_k") + " \\cdot h_{k-1}^\\top" + lambda,
                "[n_k\\times{}n_{k-1}] = [n_k\\times{}B]\\cdot[B\\times{}n_{k-1}]",
                "sums the $B$ outer products (the $\\frac{1}{B}$ is already in $" + grad("a_k") + "$)"));
        items.add(new Derivation.Equation(grad("b_k") + " = " + grad("a_k") + " \\cdot \\mathbb{1}_B = \\sum_{m=1}^{B} "
                + "[" + grad("a_k") + "]_m", "[n_k] = [n_k\\times{}B]\\cdot[B]",
                "the bias gradient is a sum over the batch: column $m$ is example $m$'s"));
        return items;
    }

    /** The layers grouped into runs: a run of SUMMARY_RUN or more identical hidden layers, or a single layer. */
    static List<List<Layer>> runs(Plan plan) {
        List<List<Layer>> runs = new ArrayList<>();
        List<Layer> layers = plan.layers();
        int i = 0;
        while (i < layers.size()) {
            int j = i + 1;
            while (j < layers.size() && sameShape(layers.get(i), layers.get(j))) {
                j++;
            }
            if (j - i >= SUMMARY_RUN) {
                runs.add(layers.subList(i, j));
                i = j;
            } else {
                runs.add(layers.subList(i, i + 1));
                i++;
            }
        }
        return runs;
    }

    private static boolean sameShape(Layer a, Layer b) {
        return a instanceof Layer.Hidden ha && b instanceof Layer.Hidden hb && ha.fanIn() == hb.fanIn()
                && ha.units() == hb.units() && ha.operations().equals(hb.operations());
    }

    /** The distinct activations in order of first use. */
    static List<Activation> usedActivations(Plan plan) {
        Map<Activation, Boolean> seen = new LinkedHashMap<>();
        for (int k = 1; k < plan.depth(); k++) {
            seen.put(plan.activation(k), true);
        }
        return List.copyOf(seen.keySet());
    }
}
