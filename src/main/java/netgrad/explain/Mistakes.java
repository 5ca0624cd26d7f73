package netgrad.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import netgrad.backprop.Backprop;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.tape.Recorder;

import static netgrad.explain.Notation.grad;

/**
 * The classic backpropagation mistakes for one network: each is planted in backprop ({@link PlantedBugs}),
 * run on the given batch, and compared quantity by quantity, in back_propagation's order, with the tape's
 * gradients (which share no rule with backprop). The report says which quantities go wrong, the first wrong
 * step (where a three-way check like {@code netgrad verify} points), or that the mistake is invisible on this
 * network (e.g. a forgotten decay term when λ = 0).
 */
public final class Mistakes {
    private Mistakes() {}

    /** A relative difference above this means the planted quantity is wrong (rounding is ~1e-15). */
    public static final double WRONG = 1e-6;

    /**
     * One classic mistake.
     *
     * @param title   a short name
     * @param why     why it is wrong (prose with inline math)
     * @param wrong   the wrong line (LaTeX)
     * @param right   the right line (LaTeX)
     * @param planted backprop with this mistake
     */
    public record Mistake(String title, String why, String wrong, String right, Function<Plan, Backprop> planted) {}

    /**
     * What happened when the mistake ran.
     *
     * @param wrongQuantities the gradients (W1, a2, …) that differ from the tape, in back_propagation's order
     * @param worst           the largest relative difference over all quantities
     * @param crash           the error message when the planted backprop could not run (shapes), else null
     */
    public record Outcome(Mistake mistake, List<String> wrongQuantities, double worst, String crash) {
        public boolean caught() {
            return crash != null || !wrongQuantities.isEmpty();
        }
    }

    /** The catalogue, in the order the explanation lists them. */
    public static List<Mistake> catalogue(Plan plan) {
        String outputGradient = OutputRules.vectorForm(plan);
        String flipped = outputGradient.equals("-(e(y) - \\hat{y})") ? "e(y) - \\hat{y}" : "-(" + outputGradient + ")";
        return List.of(
                new Mistake("Missing transpose",
                        "$a_k = W_k h_{k-1}$ sums over the columns of $W_k$, so the gradient flows back through the rows: "
                                + "$\\partial\\ell/\\partial h_{k-1,j} = \\sum_i W_{k,ij} \\partial\\ell/\\partial a_{k,i}$, "
                                + "which is $W_k^\\top \\nabla_{a_k}\\mathcal{L}$.",
                        grad("h_{k-1}") + " = W_k " + grad("a_k"), grad("h_{k-1}") + " = W_k^\\top " + grad("a_k"),
                        PlantedBugs.MissingTranspose::new),
                new Mistake("g instead of g′",
                        "The chain rule through $h_{k-1} = g(a_{k-1})$ multiplies by the local derivative $g'(a_{k-1})$, "
                                + "not by the activation itself.",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g(a_{k-1})",
                        grad("a_{k-1}") + " = " + grad("h_{k-1}") + " \\odot g'(a_{k-1})",
                        PlantedBugs.ActivationInsteadOfDerivative::new),
                new Mistake("Loop bound",
                        "The pseudo code's loop runs $k = L, …, 1$: the first layer has parameters too. Stopping at "
                                + "$k = 2$ leaves $\\nabla_{W_1}\\mathcal{L}$ and $\\nabla_{b_1}\\mathcal{L}$ at zero.",
                        "\\text{for }k = L, \\ldots, 2", "\\text{for }k = L, \\ldots, 1",
                        PlantedBugs.LoopStopsEarly::new),
                new Mistake("Sign of the output gradient",
                        "The output gradient points the way the loss grows (for softmax with cross-entropy, "
                                + "raising the true class's score lowers the loss, so its entry is negative). With the "
                                + "sign flipped every gradient flips and gradient descent climbs the loss.",
                        grad("a_L") + " = " + flipped, grad("a_L") + " = " + outputGradient,
                        PlantedBugs.OutputSignFlipped::new),
                new Mistake("Bias gradient dropped",
                        "$\\partial a_k/\\partial b_k = I$, so the bias gets the upstream gradient itself, summed over the "
                                + "batch; leaving it out freezes every bias.",
                        grad("b_k") + " = 0", grad("b_k") + " = \\sum_m " + grad("a_{k,m}"),
                        PlantedBugs.BiasGradientDropped::new),
                new Mistake("Sum instead of mean",
                        "The loss is the mean over the $B$ examples, so $\\nabla_{a_L}\\mathcal{L}$ carries $\\frac{1}{B}$; "
                                + "summing makes every gradient $B$ times too large (invisible when $B = 1$).",
                        grad("a_L") + " = [\\ldots, " + grad("a_{L,m}") + ", \\ldots]",
                        grad("a_L") + " = \\frac{1}{B} [\\ldots, " + grad("a_{L,m}") + ", \\ldots]",
                        PlantedBugs.SumInsteadOfMean::new),
                new Mistake("Weight decay forgotten",
                        "With $\\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2$ in the loss, $\\nabla_{W_k}\\mathcal{L}$ gains "
                                + "$\\lambda W_k$ (biases are not decayed).",
                        grad("W_k") + " = " + grad("a_k") + " h_{k-1}^\\top",
                        grad("W_k") + " = " + grad("a_k") + " h_{k-1}^\\top + \\lambda W_k",
                        PlantedBugs.DecayForgotten::new));
    }

    /** Plants and runs every mistake on {@code batch}, against the tape. */
    public static List<Outcome> check(Plan plan, Parameters theta, Batch batch) {
        Gradients reference = Recorder.record(plan, theta, batch).gradients();
        List<String> order = backwardOrder(plan);
        List<Outcome> outcomes = new ArrayList<>();
        for (Mistake mistake : catalogue(plan)) {
            Gradients planted;
            try {
                planted = mistake.planted().apply(plan).gradients(theta, batch);
            } catch (IllegalArgumentException e) {
                outcomes.add(new Outcome(mistake, List.of(), Double.NaN, e.getMessage()));
                continue;
            }
            List<String> wrong = new ArrayList<>();
            double worst = 0;
            for (String name : order) {
                double d = Numbers.relativeDifference(planted.get(name), reference.get(name));
                worst = Math.max(worst, d);
                if (!(d <= WRONG)) {
                    wrong.add(name);
                }
            }
            outcomes.add(new Outcome(mistake, wrong, worst, null));
        }
        return outcomes;
    }

    /** The explanation: each mistake, the right line, and what happened when it was planted in this network. */
    public static Derivation of(Plan plan, Parameters theta, Batch batch, String origin) {
        List<Derivation.Section> sections = new ArrayList<>();
        sections.add(new Derivation.Section("How the mistakes were checked", List.of(new Derivation.Prose(origin
                + " Each mistake below was planted in backprop and run on these " + batch.size() + " example"
                + (batch.size() == 1 ? "" : "s") + "; its gradients were compared, in back_propagation's order, with "
                + "the tape's, which share no rule with backprop. A quantity counts as wrong when the relative "
                + "difference exceeds " + String.format(java.util.Locale.ROOT, "%.0e", WRONG) + "."))));
        int number = 1;
        for (Outcome outcome : check(plan, theta, batch)) {
            Mistake m = outcome.mistake();
            List<Derivation.Item> items = new ArrayList<>();
            items.add(new Derivation.Prose(m.why()));
            items.add(new Derivation.Equation(m.wrong(), "", "wrong"));
            items.add(new Derivation.Equation(m.right(), "", "right"));
            items.add(new Derivation.Prose(result(outcome, plan)));
            sections.add(new Derivation.Section(number++ + ". " + m.title(), items));
        }
        return new Derivation("Classic mistakes for " + plan.name(), sections);
    }

    private static String result(Outcome o, Plan plan) {
        if (o.crash() != null) {
            return "Result on this network: backprop cannot even run; it stops with the shape error \"" + o.crash()
                    + "\". With square weight matrices it would run and give wrong numbers instead.";
        }
        if (o.wrongQuantities().isEmpty()) {
            String hint = plan.weightDecay() == 0 && o.mistake().title().startsWith("Weight decay")
                    ? " because this spec has no weight decay ($\\lambda = 0$)" : "";
            return "Result on this network: no gradient changes" + hint + ", so no check can catch this mistake here.";
        }
        List<String> names = new ArrayList<>();
        for (String q : o.wrongQuantities()) {
            names.add("$" + symbol(q) + "$");
        }
        int total = backwardOrder(plan).size();
        return "Result on this network: " + names.size() + " of " + total + " gradients wrong: " + String.join(", ", names)
                + ". The first wrong step in back_propagation's order, where a three-way check points, is " + names.get(0)
                + "; largest relative difference " + String.format(java.util.Locale.ROOT, "%.2g", o.worst()) + ".";
    }

    /** ∇a_L, ∇W_L, ∇b_L, ∇h_{L−1}, ∇a_{L−1}, …, ∇W_1, ∇b_1 by name. */
    static List<String> backwardOrder(Plan plan) {
        List<String> order = new ArrayList<>();
        order.add("a" + plan.depth());
        for (int k = plan.depth(); k >= 1; k--) {
            order.add("W" + k);
            order.add("b" + k);
            if (k > 1) {
                order.add("h" + (k - 1));
                order.add("a" + (k - 1));
            }
        }
        return order;
    }

    /** ∇_{W_1}ℒ for "W1". */
    static String symbol(String name) {
        return grad(Notation.sub(name.substring(0, 1), Integer.parseInt(name.substring(1))));
    }
}
