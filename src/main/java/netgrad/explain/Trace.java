package netgrad.explain;

import java.util.ArrayList;
import java.util.List;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.model.Symmetry;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

import static netgrad.explain.Notation.grad;
import static netgrad.explain.Notation.mat;
import static netgrad.explain.Notation.vec;

/**
 * A worked example: the derivation's steps with the numbers of one example (B = 1), forward then backward.
 * Every number is the one {@link Backprop} computed (forward pass, loss, gradients); the tape
 * ({@link Recorder}) runs the same example independently and the largest relative difference per quantity is
 * shown at the end. A network with batch norm or dropout is traced on a batch instead ({@link BatchTrace}).
 *
 * @param derivation the steps, ready for a renderer
 * @param forward    backprop's forward pass
 * @param gradients  backprop's gradients
 * @param loss       backprop's loss ℒ
 * @param tape       the tape's recording of the same example
 */
public record Trace(Derivation derivation, ForwardPass forward, Gradients gradients, double loss, Recording tape) {

    /** Runs backprop and the tape on one example and lays out the numbers; {@code origin} says where they came from. */
    public static Trace of(Plan plan, Parameters theta, Batch example, String origin) {
        return of(new Backprop(plan), theta, example, origin);
    }

    /** As {@link #of(Plan, Parameters, Batch, String)} with a given backprop (a test double shows a disagreement). */
    public static Trace of(Backprop backprop, Parameters theta, Batch example, String origin) {
        if (backprop.plan().couplesExamples()) {   // batch norm's statistics and dropout's masks: the batch form
            return BatchTrace.of(backprop, theta, example, origin);
        }
        if (example.size() != 1) {
            throw new IllegalArgumentException("a trace follows one example, not " + example.size());
        }
        Plan plan = backprop.plan();
        ForwardPass f = backprop.forward(theta, example);
        double loss = backprop.loss(f, theta, example);
        Gradients g = backprop.backward(f, theta, example);
        Recording tape = Recorder.record(plan, theta, example);

        List<Derivation.Section> sections = new ArrayList<>();
        sections.add(new Derivation.Section("Worked example", inputs(plan, theta, example, origin)));
        sections.add(new Derivation.Section("Forward pass with numbers", forward(plan, f, loss)));
        sections.add(new Derivation.Section("Backward pass with numbers", backward(plan, g)));
        Symmetry symmetry = Symmetry.of(plan, theta, g);
        if (symmetry.any()) {
            sections.add(new Derivation.Section("Symmetry: identical units stay identical", symmetry(symmetry)));
        }
        sections.add(new Derivation.Section("Agreement with the tape (reverse-mode autodiff of elementary ops)",
                agreement(plan, g, loss, tape)));
        return new Trace(new Derivation("Worked example for " + plan.name(), sections), f, g, loss, tape);
    }

    private static List<Derivation.Item> inputs(Plan plan, Parameters theta, Batch example, String origin) {
        List<Derivation.Item> items = new ArrayList<>();
        items.add(new Derivation.Prose(origin + " Numbers have " + Numbers.DIGITS + " significant digits; a vector "
                + "is printed on one line, a matrix one row per line, and more than " + Numbers.MAX_FULL
                + " entries as a preview with …. Every number below is the one backprop computed."));
        items.add(new Derivation.Values("h_0 = x", vec(plan.inputSize()), example.x()));
        if (example.labels() != null) {
            items.add(new Derivation.Values("e(y),\\ y = " + example.labels()[0], vec(plan.units(plan.depth())), example.y()));
        } else {
            items.add(new Derivation.Values("y", vec(plan.units(plan.depth())), example.y()));
        }
        for (int k = 1; k <= plan.depth(); k++) {
            items.add(new Derivation.Values(Quantity.W(k).tex(), mat(plan.units(k), plan.units(k - 1)), theta.W(k)));
            items.add(new Derivation.Values(Quantity.b(k).tex(), vec(plan.units(k)), theta.b(k)));
        }
        return items;
    }

    private static List<Derivation.Item> forward(Plan plan, ForwardPass f, double loss) {
        List<Derivation.Item> items = new ArrayList<>();
        for (int k = 1; k <= plan.depth(); k++) {
            items.add(new Derivation.Values(Quantity.a(k).tex() + " = " + Quantity.b(k).tex() + " + " + Quantity.W(k).tex() + " " + Quantity.h(k - 1).tex(),
                    vec(plan.units(k)), f.a(k)));
            if (k < plan.depth()) {
                String g = plan.activation(k).keyword().replace("_", "\\_");
                items.add(new Derivation.Values(Quantity.h(k).tex() + " = \\text{" + g + "}(" + Quantity.a(k).tex() + ")", vec(plan.units(k)),
                        f.h(k)));
            }
        }
        String o = plan.output().function().keyword();
        items.add(new Derivation.Values("\\hat{y} = \\text{" + o + "}(" + Quantity.a(plan.depth()).tex() + ")", vec(plan.units(plan.depth())),
                f.yhat()));
        items.add(new Derivation.Values("\\mathcal{L} = \\ell" + (plan.weightDecay() > 0 ? " + \\frac{\\lambda}{2} \\sum_k "
                + "\\lVert W_k\\rVert^2" : ""), "[1]", Matrix.column(loss)));
        return items;
    }

    private static List<Derivation.Item> backward(Plan plan, Gradients g) {
        List<Derivation.Item> items = new ArrayList<>();
        int depth = plan.depth();
        items.add(new Derivation.Values(Quantity.a(depth).texGradient() + " = " + OutputRules.vectorForm(plan),
                vec(plan.units(depth)), g.a(depth)));
        String decay = plan.weightDecay() > 0 ? " + \\lambda " : "";
        for (int k = depth; k >= 1; k--) {
            String ak = Quantity.a(k).texGradient();
            items.add(new Derivation.Label("k = " + k));
            items.add(new Derivation.Values(Quantity.W(k).texGradient() + " = " + ak + " \\cdot " + Quantity.h(k - 1).tex() + "^\\top"
                    + (decay.isEmpty() ? "" : decay + Quantity.W(k).tex()), mat(plan.units(k), plan.units(k - 1)), g.W(k)));
            items.add(new Derivation.Values(Quantity.b(k).texGradient() + " = " + ak, vec(plan.units(k)), g.b(k)));
            if (k > 1) {
                String hk = Quantity.h(k - 1).texGradient();
                items.add(new Derivation.Values(hk + " = " + Quantity.W(k).tex() + "^\\top " + ak, vec(plan.units(k - 1)), g.h(k - 1)));
                items.add(new Derivation.Values(Quantity.a(k - 1).texGradient() + " = " + hk + " \\odot g'(" + Quantity.a(k - 1).tex() + ")",
                        vec(plan.units(k - 1)), g.a(k - 1)));
            }
        }
        return items;
    }

    /** Which layers' units start identical, and the equal rows of their gradients that keep them so. */
    static List<Derivation.Item> symmetry(Symmetry symmetry) {
        List<Derivation.Item> items = new ArrayList<>();
        items.add(new Derivation.Prose("Where the rows of $W_k$ and the entries of $b_k$ are equal (as with init zeros), "
                + "the units of layer $k$ compute the same $a_k$ and $h_k$ and receive the same gradient, so the rows of "
                + "$" + grad("W_k") + "$ and the entries of $" + grad("b_k") + "$ are equal too: no gradient step "
                + "can make the units differ."));
        for (Symmetry.Layer layer : symmetry.layers()) {
            String w = "$" + Quantity.W(layer.k()).texGradient() + "$";
            items.add(new Derivation.Prose("Layer " + layer.k() + ": its " + layer.units() + " units are identical; "
                    + (layer.gradientRowsEqual() ? "the " + layer.units() + " rows of " + w + " are equal, and so "
                    + "are the entries of $" + Quantity.b(layer.k()).texGradient() + "$."
                    : "yet the rows of " + w + " differ: backprop broke the symmetry, which is a bug.")));
        }
        return items;
    }

    private static List<Derivation.Item> agreement(Plan plan, Gradients g, double loss, Recording tape) {
        List<Derivation.Item> items = new ArrayList<>();
        items.add(new Derivation.Prose("The tape recorded " + tape.tape().nodes().size() + " nodes for this example and "
                + "differentiated them without any of the rules above. Largest relative difference "
                + "$\\lVert b - t\\rVert_\\infty / \\max(\\lVert b\\rVert_\\infty, \\lVert t\\rVert_\\infty)$ between "
                + "backprop ($b$) and the tape ($t$); up to " + AGREEMENT_TEXT + " it is rounding on one example and "
                + "shown as \"agree\":"));
        double worst = Math.abs(loss - tape.lossValue()) / Math.max(Math.abs(loss), Double.MIN_NORMAL);
        items.add(new Derivation.Equation("\\mathcal{L}", "[1]", "tape " + Numbers.format(tape.lossValue())
                + ", " + difference(worst)));
        for (Quantity q : g.toMap().keySet()) {
            double d = Numbers.relativeDifference(g.get(q), tape.gradients().get(q));
            worst = Math.max(worst, d);
            Matrix m = g.get(q);
            items.add(new Derivation.Equation(q.texGradient(),
                    m.cols == 1 ? vec(m.rows) : mat(m.rows, m.cols), difference(d)));
        }
        items.add(new Derivation.Prose(worst <= AGREEMENT
                ? "Backprop and the tape agree on every quantity."
                : "Backprop and the tape DISAGREE by up to " + String.format(java.util.Locale.ROOT, "%.1e", worst)
                + ": run `netgrad verify` on this spec."));
        return items;
    }

    /** Differences up to this are rounding, for the double-precision engines on one example. */
    public static final double AGREEMENT = 1e-9;

    static final String AGREEMENT_TEXT = String.format(java.util.Locale.ROOT, "%.0e", AGREEMENT);

    /**
     * "agree" within {@link #AGREEMENT} (the exact value of such a difference depends on the product kernels'
     * rounding, so it is not printed), else the difference itself.
     */
    static String difference(double d) {
        return d <= AGREEMENT ? "agree" : "relative difference " + String.format(java.util.Locale.ROOT, "%.1e", d);
    }
}
