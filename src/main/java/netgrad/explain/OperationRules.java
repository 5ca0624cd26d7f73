package netgrad.explain;

import java.util.ArrayList;
import java.util.List;

import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

import static netgrad.explain.Notation.grad;
import static netgrad.explain.Notation.mask;
import static netgrad.explain.Notation.mu;
import static netgrad.explain.Notation.number;
import static netgrad.explain.Notation.sd;
import static netgrad.explain.Notation.var;
import static netgrad.explain.Notation.vec;
import static netgrad.explain.Notation.xhat;
import static netgrad.explain.Notation.z;

/**
 * The derivation of a hidden layer's operations after a_k = b_k + W_k h_{k−1} (see {@link Operation}), in the
 * order {@link Layer#operations()} gives them: batch normalisation â_k = γ_k ⊙ (a_k − μ_k)/√(σ²_k + ε) + β_k
 * (μ_k, σ²_k the mean and biased variance over the batch), g, inverted dropout h_k = m_k ⊙ z_k/(1 − p) with
 * z_k = g(·). The forward lines, the backward steps in reverse order (∇z_k = ∇h_k ⊙ m_k/(1 − p),
 * ∇â_k = ∇z_k ⊙ g′(â_k), ∇γ_k, ∇β_k, ∇a_k in backprop's closed form), the derivation of ∇a_k through μ and σ²
 * with its full form (backprop/BatchNorm's Javadoc has both), dropout's rule, and the conventions (b_k kept but
 * cancelled, ε from the spec, no decay on γ_k, β_k, training against evaluation mode).
 */
final class OperationRules {
    private OperationRules() {}

    /** The layers with batch normalisation. */
    static List<Integer> batchNormLayers(Plan plan) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                ks.add(k);
            }
        }
        return ks;
    }

    /** The layers with dropout (p &gt; 0). */
    static List<Integer> dropoutLayers(Plan plan) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.dropout(k) > 0) {
                ks.add(k);
            }
        }
        return ks;
    }

    /** The layer's operations besides g for the overview, e.g. " (batch norm, dropout 0.2)"; "" for none. */
    static String summary(Layer.Hidden layer) {
        List<String> parts = new ArrayList<>();
        for (Operation op : layer.operations()) {
            switch (op.kind()) {
                case BATCH_NORM -> parts.add("batch norm" + (Operation.eps(op) == Operation.DEFAULT_EPS ? ""
                        : " $\\epsilon = " + number(Operation.eps(op)) + "$"));
                case ACTIVATION -> { }
                case DROPOUT -> parts.add("dropout " + number(Operation.p(op)));
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** The symbols batch norm and dropout add to the lecture's, and why batch norm is derived for the batch. */
    static List<Derivation.Item> notation(Plan plan) {
        List<Derivation.Item> items = new ArrayList<>();
        if (!batchNormLayers(plan).isEmpty()) {
            items.add(new Derivation.Prose("Batch normalisation (" + layers(batchNormLayers(plan)) + ") adds per unit the "
                    + "scale $\\gamma_k$ and shift $\\beta_k$ (parameters, $n_k$ each, starting at 1 and 0) and the batch's "
                    + "mean $\\mu_k$ and variance $\\sigma^2_k$; $\\hat{x}_k$ is the normalised and $\\hat{a}_k$ the scaled "
                    + "and shifted pre-activation, $s_k = \\sqrt{\\sigma^2_k + \\epsilon}$. Because $\\mu_k$ and "
                    + "$\\sigma^2_k$ are taken over the batch, one example's loss depends on every example's $a_k$: there is "
                    + "no one-example form, so everything below is the batch loss $\\mathcal{L}$ with the $B$ examples as "
                    + "the columns of $a_k$, $h_k$ and their gradients ($[n_k\\times{}B]$); $j$ numbers the examples."));
        }
        if (!dropoutLayers(plan).isEmpty()) {
            items.add(new Derivation.Prose("Dropout (" + layers(dropoutLayers(plan)) + ") multiplies the activation "
                    + "$z_k = g(\\cdot)$ by a 0/1 mask $m_k$ (a 0 drops that unit for that example) and by $1/(1 - p)$."));
        }
        return items;
    }

    /** "layer 2" or "layers 1, 2". */
    private static String layers(List<Integer> ks) {
        return (ks.size() == 1 ? "layer " : "layers ")
                + String.join(", ", ks.stream().map(String::valueOf).toList());
    }

    /** The forward lines after a_k: batch norm's μ_k, σ²_k, x̂_k, â_k; g; dropout's mask, in the layer's order. */
    static void forward(List<Derivation.Item> items, Layer.Hidden layer, Form form) {
        int k = layer.k();
        int n = layer.units();
        String x = Quantity.a(k).tex();
        for (Operation op : layer.operations()) {
            switch (op.kind()) {
                case BATCH_NORM -> {
                    String a = Quantity.a(k).tex();
                    items.add(new Derivation.Equation(mu(k) + " = \\frac{1}{B} \\sum_j " + Quantity.a(k).texEntry("j"),
                            vec(n), "each unit's mean over the batch; $" + Quantity.a(k).texEntry("j") + "$: column $j$"));
                    items.add(new Derivation.Equation(var(k) + " = \\frac{1}{B} \\sum_j (" + Quantity.a(k).texEntry("j")
                            + " - " + mu(k) + ")^2", vec(n), "biased: divides by $B$, not $B - 1$; squared entrywise"));
                    items.add(new Derivation.Equation(xhat(k) + " = (" + a + " - " + mu(k) + ") / \\sqrt{" + var(k)
                            + " + \\epsilon}", form.col(n), "per unit, in every column; " + eps(op)));
                    items.add(new Derivation.Equation(Quantity.ahat(k).tex() + " = " + Quantity.gamma(k).tex() + " \\odot "
                            + xhat(k) + " + " + Quantity.beta(k).tex(), form.col(n), "$" + Quantity.gamma(k).tex() + "$, $"
                            + Quantity.beta(k).tex() + "$: " + "$" + vec(n) + "$ each, per unit"));
                    x = Quantity.ahat(k).tex();
                }
                case ACTIVATION -> {
                    String out = layer.dropout() > 0 ? z(k) : Quantity.h(k).tex();
                    items.add(new Derivation.Equation(out + " = g(" + x + ")", form.col(n),
                            "$g$ = " + Notation.name(Operation.g(op)) + ", elementwise"));
                    x = out;
                }
                case DROPOUT -> items.add(new Derivation.Equation(Quantity.h(k).tex() + " = " + mask(k) + " \\odot "
                        + z(k) + " / (1 - p)", form.col(n), "$p = " + number(Operation.p(op)) + "$: $" + mask(k) + "$ "
                        + (form == Form.BATCH ? "a 0/1 mask per unit and example" : "this example's 0/1 mask")
                        + ", $P(0) = p$"));
            }
        }
    }

    /** ε of a batch norm operation, for a note. */
    private static String eps(Operation op) {
        double eps = Operation.eps(op);
        return "$\\epsilon = " + number(eps) + "$" + (eps == Operation.DEFAULT_EPS ? " (the default)" : " (the spec's)");
    }

    /** The sentence on the operations the backward loop goes back through, or "" for a plain network. */
    static String backwardOrder(Plan plan) {
        boolean normalised = !batchNormLayers(plan).isEmpty();
        boolean dropped = !dropoutLayers(plan).isEmpty();
        if (!normalised && !dropped) {
            return "";
        }
        return " From $\\nabla h_{k-1}$ a step goes back through layer $k-1$'s operations, the last first ("
                + (dropped ? "dropout's mask, then " : "") + "$g'$" + (normalised ? ", then batch norm" : "")
                + "), to $\\nabla a_{k-1}$.";
    }

    /** The steps from ∇h_k back through layer k's operations, the last first, ending at ∇a_k. */
    static void backward(List<Derivation.Item> items, Layer.Hidden layer, Form form) {
        int k = layer.k();
        int n = layer.units();
        List<Operation> ops = layer.operations();
        String upstream = form.grad(Quantity.h(k).tex());
        String elementwise = form.col(n) + " = " + form.col(n) + "\\odot" + form.col(n);
        boolean normalised = layer.batchNorm();
        for (int i = ops.size() - 1; i >= 0; i--) {
            Operation op = ops.get(i);
            switch (op.kind()) {
                case DROPOUT -> {
                    String gz = form.grad(z(k));
                    items.add(new Derivation.Equation(gz + " = " + upstream + " \\odot " + mask(k) + " / (1 - p)",
                            elementwise, "upstream $" + upstream + "$, local $" + mask(k) + "/(1 - p)$, the forward "
                            + "pass's mask; $p = " + number(Operation.p(op)) + "$"));
                    upstream = gz;
                }
                case ACTIVATION -> {
                    String in = normalised ? Quantity.ahat(k).tex() : Quantity.a(k).tex();
                    String out = layer.dropout() > 0 ? z(k) : Quantity.h(k).tex();
                    String g = form.grad(in);
                    items.add(new Derivation.Equation(g + " = " + upstream + " \\odot g'(" + in + ")", elementwise,
                            "upstream $" + upstream + "$, local $g' = " + ActivationRules.localFactor(Operation.g(op), in, out)
                                    + "$"));
                    upstream = g;
                }
                case BATCH_NORM -> {
                    String x = xhat(k);
                    String into = "$" + Quantity.ahat(k).tex() + " = " + Quantity.gamma(k).tex() + " \\odot " + x
                            + " + " + Quantity.beta(k).tex() + "$";
                    items.add(new Derivation.Equation(grad(Quantity.gamma(k).tex()) + " = (" + upstream + " \\odot " + x
                            + ") \\cdot \\mathbb{1}_B", vec(n) + " = " + form.col(n) + "\\cdot[B]", "upstream $" + upstream
                            + "$, local $" + x + "$ (" + into + "), summed over the batch"));
                    items.add(new Derivation.Equation(grad(Quantity.beta(k).tex()) + " = " + upstream
                            + " \\cdot \\mathbb{1}_B", vec(n) + " = " + form.col(n) + "\\cdot[B]", "upstream $" + upstream
                            + "$, local 1, summed over the batch"));
                    items.add(new Derivation.Equation(grad(Quantity.a(k).tex()) + " = \\frac{" + Quantity.gamma(k).tex()
                            + "}{B " + sd(k) + "} \\odot (B " + upstream + " - " + upstream + " \\mathbb{1}_B - " + x
                            + " \\odot (" + upstream + " \\odot " + x + ") \\mathbb{1}_B)", form.col(n),
                            "through $" + x + "$, $" + mu(k) + "$ and $" + var(k) + "$: the closed form backprop uses, "
                            + "derived below; $" + sd(k) + " = \\sqrt{" + var(k) + " + \\epsilon}$, and the $" + vec(n) + "$ vectors act on every column"));
                }
            }
        }
    }

    /** The derivation of ∇γ, ∇β and ∇a for one unit, through μ and σ²: the full form, then the closed form. */
    static List<Derivation.Item> batchNorm(Plan plan) {
        List<Derivation.Item> items = new ArrayList<>();
        String ga = "\\nabla_{\\hat{a}_j}\\mathcal{L}";
        String gx = "\\nabla_{\\hat{x}_j}\\mathcal{L}";
        String gxl = "\\nabla_{\\hat{x}_l}\\mathcal{L}";
        String gmu = "\\nabla_{\\mu}\\mathcal{L}";
        String gvar = "\\nabla_{\\sigma^2}\\mathcal{L}";
        items.add(new Derivation.Prose("Take one unit of a batch-normalised layer (one row of $a_k$; the unit's index and "
                + "$k$ dropped): $a_j$ is its pre-activation for example $j = 1, …, B$, $\\mu = \\frac{1}{B} \\sum_j a_j$, "
                + "$\\sigma^2 = \\frac{1}{B} \\sum_j (a_j - \\mu)^2$, $s = \\sqrt{\\sigma^2 + \\epsilon}$, "
                + "$\\hat{x}_j = (a_j - \\mu)/s$ and $\\hat{a}_j = \\gamma \\hat{x}_j + \\beta$. The step before gives $"
                + ga + "$ for every $j$."));
        items.add(eq("\\nabla_{\\gamma}\\mathcal{L} = \\sum_j " + ga + " \\hat{x}_j",
                "$\\partial \\hat{a}_j/\\partial \\gamma = \\hat{x}_j$; $\\gamma$ serves all $B$ examples, so their terms add"));
        items.add(eq("\\nabla_{\\beta}\\mathcal{L} = \\sum_j " + ga, "$\\partial \\hat{a}_j/\\partial \\beta = 1$"));
        items.add(eq(gx + " = \\gamma " + ga, "$\\partial \\hat{a}_j/\\partial \\hat{x}_j = \\gamma$"));
        items.add(new Derivation.Prose("The hard part: $a_l$ reaches the loss along three paths, through its own "
                + "$\\hat{x}_l$ and through $\\mu$ and $\\sigma^2$, which every $\\hat{x}_j$ of the batch uses. So no "
                + "example's gradient is its own: $\\nabla_{a_l}\\mathcal{L}$ holds sums over the whole batch."));
        items.add(eq("\\nabla_{a_l}\\mathcal{L} = " + gxl + " \\frac{\\partial \\hat{x}_l}{\\partial a_l} + " + gmu
                        + " \\frac{\\partial \\mu}{\\partial a_l} + " + gvar + " \\frac{\\partial \\sigma^2}{\\partial a_l}",
                "the chain rule over the three paths, each partial with the others held fixed"));
        items.add(eq("\\frac{\\partial \\hat{x}_l}{\\partial a_l} = \\frac{1}{s}", "the direct path ($\\mu$, $\\sigma^2$ "
                + "fixed)"));
        items.add(eq("\\frac{\\partial \\mu}{\\partial a_l} = \\frac{1}{B}", "$\\mu$ is the mean of the $a_j$"));
        items.add(eq("\\frac{\\partial \\sigma^2}{\\partial a_l} = \\frac{2(a_l - \\mu)}{B}",
                "$\\mu$ fixed; the biased variance divides by $B$, so its derivative does too"));
        items.add(eq(gvar + " = \\sum_j " + gx + " \\cdot (-\\frac{a_j - \\mu}{2 s^3})",
                "$\\partial \\hat{x}_j/\\partial \\sigma^2 = (a_j - \\mu) \\cdot (-\\frac{1}{2})(\\sigma^2 + \\epsilon)^{-3/2}$"));
        items.add(eq(gmu + " = \\sum_j " + gx + " \\cdot (-\\frac{1}{s}) + " + gvar
                        + " \\frac{\\partial \\sigma^2}{\\partial \\mu} = -\\frac{1}{s} \\sum_j " + gx,
                "$\\partial \\hat{x}_j/\\partial \\mu = -1/s$; $\\partial \\sigma^2/\\partial \\mu = "
                        + "-\\frac{2}{B} \\sum_j (a_j - \\mu) = 0$"));
        items.add(eq("\\nabla_{a_l}\\mathcal{L} = \\frac{" + gxl + "}{s} + \\frac{" + gmu + "}{B} + " + gvar
                + " \\cdot \\frac{2(a_l - \\mu)}{B}", "the full form: the three paths"));
        items.add(new Derivation.Prose("Substituting $a_j - \\mu = s \\hat{x}_j$ gives $" + gvar + " = -\\frac{1}{2 s^2} "
                + "\\sum_j " + gx + " \\hat{x}_j$, and the three terms share the factor $\\frac{1}{B s}$:"));
        items.add(eq("\\nabla_{a_l}\\mathcal{L} = \\frac{1}{B s} (B " + gxl + " - \\sum_j " + gx + " - \\hat{x}_l \\sum_j "
                + gx + " \\hat{x}_j)", "the closed form"));
        items.add(eq("\\nabla_{a_l}\\mathcal{L} = \\frac{\\gamma}{B s} (B \\nabla_{\\hat{a}_l}\\mathcal{L} - \\sum_j " + ga
                + " - \\hat{x}_l \\sum_j " + ga + " \\hat{x}_j)", "with $" + gx + " = \\gamma " + ga + "$"));
        items.add(new Derivation.Prose("The code uses the last line, the closed form "
                + "(`backprop/BatchNorm.preActivationGradient`: the two sums over the batch per unit, then one pass); "
                + "the full form is in its Javadoc, and `explain --trace` computes both and compares them. The closed "
                + "form also shows: $\\sum_l \\nabla_{a_l}\\mathcal{L} = 0$, because $\\sum_l \\hat{x}_l = 0$, so every "
                + "row of $\\nabla_{a_k}\\mathcal{L}$ sums to 0 and $\\nabla_{b_k}\\mathcal{L} = "
                + "\\nabla_{a_k}\\mathcal{L} \\cdot \\mathbb{1}_B = 0$; and with $B = 1$, $\\sigma^2 = 0$, $\\hat{x} = 0$ "
                + "and $\\nabla_{a}\\mathcal{L} = 0$: batch norm needs at least 2 examples."));
        items.add(new Derivation.Prose("Two classic mistakes (`--mistakes` plants both): dropping the paths through "
                + "$\\mu$ and $\\sigma^2$ leaves $\\gamma " + "\\nabla_{\\hat{a}_l}\\mathcal{L}/s$ "
                + "(`batchnorm-stats-as-constants`), and $B - 1$ in $\\partial \\sigma^2/\\partial a_l$ while the "
                + "forward pass divides by $B$ scales the $\\sigma^2$ path by $B/(B - 1)$ "
                + "(`batchnorm-variance-unbiased`)."));
        return items;
    }

    /** Dropout's forward and backward rule, and why the mask is held fixed. */
    static List<Derivation.Item> dropout(Plan plan, Form form) {
        List<Derivation.Item> items = new ArrayList<>();
        List<String> ps = new ArrayList<>();
        for (int k : dropoutLayers(plan)) {
            ps.add("layer " + k + " with $p = " + number(plan.dropout(k)) + "$");
        }
        String g = form.grad("h_k");
        items.add(new Derivation.Prose("Dropout in " + String.join(", ", ps) + ": each unit of each example is kept "
                + "($m = 1$) with probability $1 - p$ or dropped ($m = 0$), and the kept ones are scaled by $1/(1 - p)$ "
                + "(inverted dropout):"));
        items.add(eq("h_k = m_k \\odot z_k / (1 - p)", "$z_k = g(\\cdot)$, the activation before the mask"));
        items.add(eq("\\frac{\\partial h_{k,i}}{\\partial z_{k,i}} = \\frac{m_{k,i}}{1 - p}",
                "$h_k$ is linear in $z_k$, entry by entry: no term across units"));
        items.add(eq(form.grad("z_k") + " = " + g + " \\odot m_k / (1 - p)", "through the mask and the $1/(1 - p)$: a "
                + "dropped unit passes no gradient, a kept one passes it scaled like its value"));
        items.add(eq("E[h_k] = z_k", "$E[m] = 1 - p$: the scale keeps each activation's expected value, so evaluation "
                + "needs no rescaling"));
        items.add(new Derivation.Prose("The masks are data of the step, like $x$: drawn once per training step (`train` "
                + "draws new ones every step; `verify` and `explain --trace` draw them with the batch from `--seed`), "
                + "then held fixed, the same $m_k$ in the forward pass, in the backward pass and for every engine "
                + "(finite differences perturb with the mask fixed). At evaluation (validation, `netgrad evaluate`) "
                + "dropout is off: $h_k = z_k$." + (form == Form.ONE_EXAMPLE ? " With $B$ examples $m_k$ is "
                + "$n_k \\times{} B$, one column per example, and the steps above hold column by column." : "")
                + " Forgetting $m_k$ or the $1/(1 - p)$ in the backward pass: `dropout-mask-forgotten-in-backward`, "
                + "`dropout-scale-forgotten`."));
        return items;
    }

    /** How to read g′'s derivation in a layer whose g acts on â_k or feeds dropout; empty for plain layers. */
    static List<Derivation.Item> readingOfGPrime(Plan plan, Activation g) {
        boolean normalised = false;
        boolean dropped = false;
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.activation(k).equals(g)) {
                normalised |= plan.batchNorm(k);
                dropped |= plan.dropout(k) > 0;
            }
        }
        List<String> parts = new ArrayList<>();
        if (normalised) {
            parts.add("In a batch-normalised layer $g$ acts on $\\hat{a}_k$: there read $\\hat{a}_k$ for $a_k$.");
        }
        if (dropped) {
            parts.add("Before dropout's mask $g$'s output is $z_k$, not $h_k$: there read $z_k$ for $h_k$.");
        }
        return parts.isEmpty() ? List.of() : List.of(new Derivation.Prose(String.join(" ", parts)));
    }

    /** The batch form's conventions: the mean, decay on W_k only, ε per layer, b_k, training and evaluation mode. */
    static List<Derivation.Item> conventions(Plan plan) {
        List<Derivation.Item> items = new ArrayList<>();
        boolean decay = plan.weightDecay() > 0;
        String lambda = decay ? " + \\lambda W_k" : "";
        items.add(new Derivation.Equation("\\mathcal{L} = \\frac{1}{B} \\sum_{j=1}^{B} \\ell_j"
                + (decay ? " + \\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2" : ""), "[1]", decay
                ? "$\\lambda = " + number(plan.weightDecay()) + "$, on the weights only" : "no weight decay in this spec"));
        items.add(new Derivation.Equation(grad("W_k") + " = " + grad("a_k") + " \\cdot h_{k-1}^\\top" + lambda,
                "[n_k\\times{}n_{k-1}]", "the $\\frac{1}{B}$ is in $" + grad("a_L") + "$, and every later gradient "
                + "inherits it"));
        items.add(new Derivation.Equation(grad("b_k") + " = " + grad("a_k") + " \\cdot \\mathbb{1}_B", "[n_k]",
                "0 in a batch-normalised layer; biases are not decayed"));
        items.add(new Derivation.Equation(grad("\\gamma_k") + ",\\ " + grad("\\beta_k") + "\\text{: no decay term}", "[n_k]",
                "the decay holds the weights only: $\\gamma_k$, $\\beta_k$ are not decayed, like biases"));
        List<String> eps = new ArrayList<>();
        for (int k : batchNormLayers(plan)) {
            double e = plan.batchNormEps(k);
            eps.add("layer " + k + " $\\epsilon = " + number(e) + "$" + (e == Operation.DEFAULT_EPS ? " (the default)"
                    : " (`batchnorm eps` on spec line " + plan.layer(k).pos().line() + ")"));
        }
        items.add(new Derivation.Prose("$\\epsilon$ is the spec's, per layer: " + String.join(", ", eps) + ". $b_k$ of a "
                + "batch-normalised layer is kept (one layout of $\\theta$ for every network, so weights files and "
                + "`--weights` stay the same), but the mean subtraction cancels it ($a_k - \\mu_k$ does not change when "
                + "$b_k$ does): its gradient is 0, it stays at its initial 0 in training, and $\\beta_k$ does its work."));
        items.add(new Derivation.Prose("All of this is training mode, what `train` steps with and `verify` checks: "
                + "$\\mu_k$ and $\\sigma^2_k$ of the batch" + (dropoutLayers(plan).isEmpty() ? "" : ", and the masks")
                + ". In evaluation mode (validation, `netgrad evaluate`) batch norm uses the running mean and variance "
                + "kept by training (momentum " + number(Operation.MOMENTUM) + "), constants, so $\\hat{a}_k$ is a fixed "
                + "affine map of $a_k$ per unit" + (dropoutLayers(plan).isEmpty() ? "" : ", and dropout is off") + "."));
        return items;
    }

    private static Derivation.Equation eq(String tex, String note) {
        return new Derivation.Equation(tex, "", note);
    }
}
