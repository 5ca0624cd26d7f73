package netgrad.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.check.Engines;
import netgrad.check.Mutant;
import netgrad.check.QuantityCheck;
import netgrad.check.Tolerances;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

import static netgrad.explain.Notation.grad;

/**
 * The classic backpropagation mistakes for one network, each explained (why it is wrong, the wrong and the
 * right line) and then planted in backprop (verify's {@link Mutant}s) and run through verify's three-way check
 * ({@link Engines#verify}: backprop against the tape and finite differences), so the explanation shows what
 * {@code netgrad verify} actually reports for it on this network: the first wrong step, the engine that is the
 * odd one out, how many gradients disagree; or why the mistake cannot show here (e.g. λ = 0).
 */
public final class Mistakes {
    private Mistakes() {}

    /**
     * One classic mistake.
     *
     * @param mutant verify's planted version of it
     * @param title  a short name
     * @param why    why it is wrong (prose with inline math)
     * @param wrong  the wrong line (LaTeX)
     * @param right  the right line (LaTeX)
     */
    public record Mistake(Mutant mutant, String title, String why, String wrong, String right) {}

    /**
     * What verify reported for the planted mistake.
     *
     * @param report        verify's report, or null when the mistake cannot show on this network
     * @param notApplicable why it cannot show (verify's reason), else null
     */
    public record Outcome(Mistake mistake, VerifyReport report, String notApplicable) {
        /** True when verify found a wrong gradient. */
        public boolean caught() {
            return report != null && !report.agrees();
        }

        /** The quantity (a_3, W_1, …) of the first wrong step, or null. */
        public Quantity firstWrong() {
            return report == null ? null : report.firstWrongStep().map(c -> c.step().quantity()).orElse(null);
        }
    }

    /** The catalogue, in the order the explanation lists them. */
    public static List<Mistake> catalogue(Plan plan) {
        String outputGradient = OutputRules.vectorForm(plan);
        String flipped = outputGradient.equals("-(e(y) - \\hat{y})") ? "e(y) - \\hat{y}" : "-(" + outputGradient + ")";
        return Stream.of(
                new Mistake(Mutant.NO_TRANSPOSE, "Missing transpose",
                        "$a_k = W_k h_{k-1}$ sums over the columns of $W_k$, so the gradient flows back through the rows: "
                                + "$\\partial\\ell/\\partial h_{k-1,j} = \\sum_i W_{k,ij} \\partial\\ell/\\partial a_{k,i}$, "
                                + "which is $W_k^\\top \\nabla_{a_k}\\mathcal{L}$. Written with the shapes forced to fit "
                                + "(the numbers of $W_k$ read as if they were $W_k^\\top$'s, a typical index bug in a "
                                + "loop), the code runs and returns wrong numbers.",
                        grad("h_{k-1}") + " = W_k " + grad("a_k"), grad("h_{k-1}") + " = W_k^\\top " + grad("a_k")),
                new Mistake(Mutant.G_INSTEAD_OF_G_PRIME, "g instead of g′",
                        "The chain rule through $h_{k-1} = g(a_{k-1})$ multiplies by the local derivative $g'(a_{k-1})$, "
                                + "not by the activation itself.",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g(a_{k-1})",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g'(a_{k-1})"),
                new Mistake(Mutant.GPRIME_AT_H, "g′ evaluated at h",
                        "The local derivative of $h_{k-1} = g(a_{k-1})$ is $g'$ at the pre-activation $a_{k-1}$; "
                                + "feeding it the activation $h_{k-1}$ computes the slope at the wrong point (the "
                                + "formulas $\\sigma' = h(1-h)$ and $\\tanh' = 1-h^2$ already take $h$).",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g'(h_{k-1})",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g'(a_{k-1})"),
                new Mistake(Mutant.WRONG_LAYER_GPRIME, "g′ of the wrong layer",
                        "An index slip: the derivative belongs to the layer whose activation the gradient just came "
                                + "back through, $a_{k-1}$, not $a_k$; it only runs where $n_k = n_{k-1}$.",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g'(a_k)",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g'(a_{k-1})"),
                new Mistake(Mutant.LOOP_STOPS_EARLY, "Loop bound",
                        "The pseudo code's loop runs $k = L, …, 1$: the first layer has parameters too. Stopping at "
                                + "$k = 2$ leaves $\\nabla_{W_1}\\mathcal{L}$ and $\\nabla_{b_1}\\mathcal{L}$ at zero.",
                        "\\text{for }k = L, \\ldots, 2", "\\text{for }k = L, \\ldots, 1"),
                new Mistake(Mutant.OUTPUT_SIGN_FLIPPED, "Sign of the output gradient",
                        "The output gradient points the way the loss grows (for softmax with cross-entropy, "
                                + "raising the true class's score lowers the loss, so its entry is negative). With the "
                                + "sign flipped every gradient flips and gradient descent climbs the loss.",
                        grad("a_L") + " = " + flipped, grad("a_L") + " = " + outputGradient),
                new Mistake(Mutant.BIAS_GRADIENT_DROPPED, "Bias gradient dropped",
                        "$\\partial a_k/\\partial b_k = I$, so the bias gets the upstream gradient itself, summed over the "
                                + "batch; leaving it out freezes every bias.",
                        grad("b_k") + " = 0", grad("b_k") + " = \\sum_m [" + grad("a_k") + "]_m"),
                new Mistake(Mutant.BIAS_NOT_SUMMED, "Bias gradient not summed",
                        "Every example adds its own $\\partial\\ell_m/\\partial a_k$ to the bias's gradient; "
                                + "taking the first column alone drops the other $B-1$ examples.",
                        grad("b_k") + " = [" + grad("a_k") + "]_1", grad("b_k") + " = \\sum_m [" + grad("a_k") + "]_m"),
                new Mistake(Mutant.SUM_NOT_MEAN, "Sum instead of mean",
                        "The loss is the mean over the $B$ examples, so $\\nabla_{a_L}\\mathcal{L}$ carries $\\frac{1}{B}$; "
                                + "summing makes every gradient $B$ times too large (invisible when $B = 1$).",
                        grad("a_L") + " = [\\ldots, \\nabla_{a_L}\\ell_m, \\ldots]",
                        grad("a_L") + " = \\frac{1}{B} [\\ldots, \\nabla_{a_L}\\ell_m, \\ldots]"),
                new Mistake(Mutant.MEAN_TWICE, "Mean taken twice",
                        "The $\\frac{1}{B}$ of the mean is already in $\\nabla_{a_L}\\mathcal{L}$ and every later "
                                + "gradient inherits it; dividing $\\nabla_{W_k}$ and $\\nabla_{b_k}$ by $B$ again "
                                + "makes them $B$ times too small.",
                        grad("W_k") + " = \\frac{1}{B} " + grad("a_k") + " h_{k-1}^\\top",
                        grad("W_k") + " = " + grad("a_k") + " h_{k-1}^\\top"),
                new Mistake(Mutant.SOFTMAX_SE_WITHOUT_JACOBIAN, "Softmax Jacobian skipped",
                        "$\\hat{y} - y$ is the gradient with respect to $\\hat{y}$; with a softmax output it must "
                                + "still go back through $\\partial\\hat{y}/\\partial a_L = "
                                + "\\mathrm{diag}(\\hat{y}) - \\hat{y}\\hat{y}^\\top$ (only cross-entropy cancels it).",
                        grad("a_L") + " = \\frac{1}{B}(\\hat{y} - e(y))",
                        grad("a_L") + " = \\frac{1}{B}(\\mathrm{diag}(\\hat{y}) - \\hat{y}\\hat{y}^\\top)(\\hat{y} - e(y))"),
                new Mistake(Mutant.SE_FACTOR, "Factor 2 of the squared error",
                        "The lecture's squared error is $\\frac{1}{2}\\sum_i (\\hat{y}_i - y_i)^2$, whose gradient is "
                                + "$\\hat{y} - y$; $2(\\hat{y} - y)$ belongs to the loss without the $\\frac{1}{2}$.",
                        "\\nabla_{\\hat{y}}\\ell = 2(\\hat{y} - y)", "\\nabla_{\\hat{y}}\\ell = \\hat{y} - y"),
                new Mistake(Mutant.DECAY_FORGOTTEN, "Weight decay forgotten",
                        "With $\\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2$ in the loss, $\\nabla_{W_k}\\mathcal{L}$ gains "
                                + "$\\lambda W_k$ (biases are not decayed).",
                        grad("W_k") + " = " + grad("a_k") + " h_{k-1}^\\top",
                        grad("W_k") + " = " + grad("a_k") + " h_{k-1}^\\top + \\lambda W_k"),
                new Mistake(Mutant.DECAY_ON_BIASES, "Decay on the biases",
                        "The decay term $\\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2$ holds the weights only, "
                                + "so $\\nabla_{b_k}\\mathcal{L}$ has no $\\lambda b_k$.",
                        grad("b_k") + " = \\sum_m [" + grad("a_k") + "]_m + \\lambda b_k",
                        grad("b_k") + " = \\sum_m [" + grad("a_k") + "]_m"),
                new Mistake(Mutant.TANH_PRIME_AS_1_MINUS_TANH, "tanh′ not squared",
                        "$\\tanh'(a) = 1 - \\tanh^2(a)$; $1 - \\tanh(a)$ is not even symmetric in $a$.",
                        "g'(a_{k-1}) = 1 - \\tanh(a_{k-1})", "g'(a_{k-1}) = 1 - \\tanh^2(a_{k-1})"),
                new Mistake(Mutant.LOGISTIC_PRIME_AS_G, "σ′ taken as σ",
                        "$\\sigma'(a) = \\sigma(a)(1 - \\sigma(a))$: the factor $1 - \\sigma(a)$ is easy to forget.",
                        "g'(a_{k-1}) = \\sigma(a_{k-1})", "g'(a_{k-1}) = \\sigma(a_{k-1})(1 - \\sigma(a_{k-1}))"),
                new Mistake(Mutant.BATCHNORM_STATS_AS_CONSTANTS, "Batch statistics as constants",
                        "$\\mu_k$ and $\\sigma^2_k$ are means over the batch of $a_k$ itself, so every "
                                + "$a_{k,il}$ moves them: the gradient has two more paths, through "
                                + "$\\partial\\mu/\\partial a = 1/B$ and $\\partial\\sigma^2/\\partial a = 2(a - \\mu)/B$. "
                                + "Dropping them leaves only the direct path $\\gamma/s$.",
                        grad("a_k") + " = \\gamma_k \\odot " + grad("\\hat{a}_k") + " / s",
                        grad("a_k") + " = \\frac{\\gamma_k}{B s} (B " + grad("\\hat{a}_k") + " - \\sum "
                                + grad("\\hat{a}_k") + " - \\hat{x} \\odot \\sum " + grad("\\hat{a}_k")
                                + " \\odot \\hat{x})"),
                new Mistake(Mutant.BATCHNORM_VARIANCE_UNBIASED, "Unbiased variance in the backward pass",
                        "Training normalises with the biased variance $\\sigma^2 = \\frac{1}{B} \\sum (a - \\mu)^2$, so "
                                + "its derivative is $2(a - \\mu)/B$; using $B - 1$ (the unbiased estimate) in the "
                                + "backward pass scales the variance path by $B/(B - 1)$.",
                        "\\partial\\sigma^2/\\partial a = 2(a - \\mu)/(B - 1)",
                        "\\partial\\sigma^2/\\partial a = 2(a - \\mu)/B"),
                new Mistake(Mutant.DROPOUT_MASK_FORGOTTEN, "Dropout mask forgotten in backward",
                        "A dropped unit contributed nothing to the loss, so its gradient is zero: the backward "
                                + "pass multiplies by the same mask $m_k$ as the forward pass.",
                        "\\nabla_{z_k}\\mathcal{L} = " + grad("h_k") + " / (1 - p)",
                        "\\nabla_{z_k}\\mathcal{L} = m_k \\odot " + grad("h_k") + " / (1 - p)"),
                new Mistake(Mutant.DROPOUT_SCALE_FORGOTTEN, "Dropout scale forgotten in backward",
                        "Inverted dropout scales the kept units by $1/(1 - p)$ in the forward pass, so the "
                                + "local derivative carries the same factor.",
                        "\\nabla_{z_k}\\mathcal{L} = m_k \\odot " + grad("h_k"),
                        "\\nabla_{z_k}\\mathcal{L} = m_k \\odot " + grad("h_k") + " / (1 - p)"))
                .filter(m -> m.mutant().concerns(plan)).toList();
    }

    /** Plants every mistake in backprop and runs verify's three-way check on {@code batch}. */
    public static List<Outcome> check(Plan plan, Parameters theta, Batch batch) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Mistake mistake : catalogue(plan)) {
            String reason = mistake.mutant().notApplicable(plan, theta, batch.size());
            VerifyReport report = reason != null ? null
                    : Engines.verify(mistake.mutant().plant(plan), theta, batch,
                            Verifier.Options.defaults().withoutPower());      // the power of a broken backprop: not shown
            outcomes.add(new Outcome(mistake, report, reason));
        }
        return outcomes;
    }

    /** The explanation: each mistake, the right line, and what verify reported when it was planted in this network. */
    public static Derivation of(Plan plan, Parameters theta, Batch batch, String origin) {
        List<Derivation.Section> sections = new ArrayList<>();
        sections.add(new Derivation.Section("How the mistakes were checked", List.of(new Derivation.Prose(origin
                + " Each mistake below was planted in backprop and checked by verify's three-way comparison (backprop, "
                + "the tape and finite differences) on these " + batch.size() + " example" + (batch.size() == 1 ? "" : "s")
                + "; the result is what `netgrad verify` reports for this network with that mistake."))));
        int number = 1;
        for (Outcome outcome : check(plan, theta, batch)) {
            Mistake m = outcome.mistake();
            List<Derivation.Item> items = new ArrayList<>();
            items.add(new Derivation.Prose(m.why()));
            items.add(new Derivation.Equation(m.wrong(), "", "wrong"));
            items.add(new Derivation.Equation(m.right(), "", "right"));
            items.add(new Derivation.Prose(result(outcome, plan, theta, batch)));
            sections.add(new Derivation.Section(number++ + ". " + m.title(), items));
        }
        return new Derivation("Classic mistakes for " + plan.name(), sections);
    }

    private static String result(Outcome o, Plan plan, Parameters theta, Batch batch) {
        if (o.notApplicable() != null) {
            return "What verify reports: nothing, because this mistake cannot show on this network: "
                    + o.notApplicable() + ".";
        }
        VerifyReport r = o.report();
        if (r.agrees()) {
            return "What verify reports: all gradients agree, so this mistake goes unnoticed here: "
                    + whyUnnoticed(o.mistake().mutant(), plan, theta, batch) + ".";
        }
        List<String> wrong = new ArrayList<>();
        for (QuantityCheck c : r.checks()) {
            if (!c.agrees()) {
                wrong.add("$" + c.step().quantity().texGradient() + "$");
            }
        }
        QuantityCheck first = r.firstWrongStep().orElseThrow();
        String odd = first.oddOneOut();
        String blame = "backprop".equals(odd) ? ", where backprop disagrees with the tape and finite differences, which agree"
                : odd == null ? "" : " (odd one out: " + odd + ")";
        String where = first.step().pos().line() > 0 ? " (spec line " + first.step().pos().line() + ")" : "";
        return "What verify reports: first wrong step $" + first.step().quantity().texGradient() + "$" + where + blame + "; "
                + wrong.size() + " of " + r.checks().size() + " gradients disagree: " + String.join(", ", wrong)
                + "; worst backprop↔tape relative error " + String.format(java.util.Locale.ROOT, "%.2g",
                first.pairs().get(Tolerances.Pair.BACKPROP_TAPE).worstError()) + " at the first wrong step.";
    }

    /**
     * Why a mistake that can show on this network did not on these weights and examples: the step it is planted
     * in, computed by the correct backprop, is exactly zero (e.g. every W_k = 0 under init zeros, or a batch whose
     * output gradients cancel in the bias sum), or else the wrong rule happens to give the same numbers.
     * verify's own power measurement (issue 11) is the place for a finer reason; this one is what explain can
     * state from the numbers it has.
     */
    static String whyUnnoticed(Mutant mutant, Plan plan, Parameters theta, Batch batch) {
        Backprop correct = new Backprop(plan);
        ForwardPass f = correct.forward(theta, batch.x());
        Quantity step = mutant.expectedStep(plan);
        netgrad.model.Gradients gradients = correct.backward(f, theta, batch);
        Matrix right = gradients.get(step);
        if (!allZero(right)) {
            return "on these weights and examples the wrong line gives the same numbers as the right one";
        }
        boolean weightsZero = plan.depth() > 1;
        for (int k = 2; k <= plan.depth(); k++) {
            weightsZero &= allZero(theta.W(k));
        }
        String because = "";
        if (step.k() < plan.depth() && weightsZero) {
            because = " (every $W_k$ with $k \\ge 2$ is zero, as with init zeros, so no gradient reaches below the "
                    + "output layer)";
        } else if (step.kind() == Quantity.Kind.BIAS && !allZero(gradients.get(Quantity.a(step.k())))) {
            because = " (the examples' gradients cancel in its sum over the batch)";
        }
        return "the step it is planted in, $" + step.texGradient() + "$, is exactly zero on these weights and examples, "
                + "and so is the wrong line's value" + because;
    }

    private static boolean allZero(Matrix m) {
        for (double v : m.data) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
