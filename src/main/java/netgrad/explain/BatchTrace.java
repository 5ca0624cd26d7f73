package netgrad.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.model.Symmetry;
import netgrad.plan.Layer;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

import static netgrad.explain.Notation.mask;
import static netgrad.explain.Notation.mat;
import static netgrad.explain.Notation.mu;
import static netgrad.explain.Notation.number;
import static netgrad.explain.Notation.sd;
import static netgrad.explain.Notation.var;
import static netgrad.explain.Notation.vec;
import static netgrad.explain.Notation.xhat;
import static netgrad.explain.Notation.z;

/**
 * A worked example on a small batch: batch normalisation's μ_k and σ²_k are means over the batch, so one example's
 * gradient depends on all the others and a trace has to follow the whole batch (dropout's masks differ per example
 * too). The batch's steps with their numbers, forward (a_k, μ_k, σ²_k, s_k, x̂_k, â_k, z_k, the masks m_k, h_k, ŷ,
 * ℒ) then backward (∇a_L, and per layer ∇W_k, ∇b_k, ∇h_{k−1}, ∇z_{k−1}, ∇â_{k−1}, ∇γ_{k−1}, ∇β_{k−1}, the full
 * form's ∇x̂, ∇σ², ∇μ, and ∇a_{k−1}); the columns of every n_k × B matrix are the examples. Every number is
 * backprop's but s_k and the full form's intermediates, which {@link BatchNormPaths} computes from backprop's
 * numbers; the full form's ∇a is compared with backprop's closed form, and the tape (elementary operations, no
 * batch-norm or dropout rule) with backprop on every quantity.
 */
public final class BatchTrace {
    private BatchTrace() {}

    /** Runs backprop and the tape on {@code batch} (with its masks) and lays out the numbers. */
    public static Trace of(Plan plan, Parameters theta, Batch batch, String origin) {
        return of(new Backprop(plan), theta, batch, origin);
    }

    /**
     * As {@link #of(Plan, Parameters, Batch, String)} with a given backprop (a test double shows a disagreement).
     *
     * @throws IllegalArgumentException for a batch of one with batch norm (σ² = 0: nothing to see), or a batch
     *                                  without the masks of the plan's dropout (that is evaluation mode)
     */
    public static Trace of(Backprop backprop, Parameters theta, Batch batch, String origin) {
        Plan plan = backprop.plan();
        if (!OperationRules.batchNormLayers(plan).isEmpty() && batch.size() < 2) {
            throw new IllegalArgumentException("batch norm needs a batch of at least 2 examples, not " + batch.size());
        }
        for (int k : OperationRules.dropoutLayers(plan)) {
            if (batch.masks().mask(k) == null) {
                throw new IllegalArgumentException("layer " + k + " has dropout but the batch has no mask for it");
            }
        }
        ForwardPass f = backprop.forward(theta, batch);
        double loss = backprop.loss(f, theta, batch);
        Gradients g = backprop.backward(f, theta, batch);
        Recording tape = Recorder.record(plan, theta, batch);
        List<BatchNormPaths> paths = new ArrayList<>();
        paths.add(null);   // indexed by k
        for (int k = 1; k < plan.depth(); k++) {
            paths.add(plan.batchNorm(k) ? BatchNormPaths.of(f.a(k), f.mean()[k], f.variance()[k], plan.batchNormEps(k),
                    theta.gamma(k), g.ahat(k)) : null);
        }

        List<Derivation.Section> sections = new ArrayList<>();
        sections.add(new Derivation.Section("Worked batch", inputs(plan, theta, batch, origin)));
        sections.add(new Derivation.Section("Forward pass with numbers (training mode)", forward(plan, theta, f, loss)));
        sections.add(new Derivation.Section("Backward pass with numbers", backward(plan, f, g, paths)));
        Symmetry symmetry = Symmetry.of(plan, theta, g);
        if (symmetry.any() && OperationRules.dropoutLayers(plan).isEmpty()) {   // masks break it on purpose
            sections.add(new Derivation.Section("Symmetry: identical units stay identical", Trace.symmetry(symmetry)));
        }
        sections.add(new Derivation.Section("Agreement with the tape (reverse-mode autodiff of elementary ops)",
                agreement(plan, g, loss, tape, paths)));
        return new Trace(new Derivation("Worked batch for " + plan.name(), sections), f, g, loss, tape);
    }

    private static List<Derivation.Item> inputs(Plan plan, Parameters theta, Batch batch, String origin) {
        List<Derivation.Item> items = new ArrayList<>();
        int b = batch.size();
        boolean normalised = !OperationRules.batchNormLayers(plan).isEmpty();
        boolean dropped = !OperationRules.dropoutLayers(plan).isEmpty();
        items.add(new Derivation.Prose(origin + " " + (normalised ? "Batch norm's $\\mu_k$ and $\\sigma^2_k$ are means "
                + "over the batch, so one example's gradient depends on all the others: this trace follows the whole "
                + "batch. " : "") + (dropped ? "Each example has its own dropout mask. " : "") + "A matrix of $B = " + b
                + "$ columns has one column per example (column $j$ is example $j$), one row per unit. Numbers have "
                + Numbers.DIGITS + " significant digits, more than " + Numbers.MAX_FULL + " entries a side as a preview "
                + "with …. Every number is the one backprop computed" + (normalised ? ", but $s_k$ and the full form's "
                + "$\\nabla\\hat{x}_k$, $\\nabla\\sigma^2_k$ and $\\nabla\\mu_k$, which explain computes from "
                + "backprop's numbers (backprop itself uses the closed form)." : ".")));
        items.add(new Derivation.Values("h_0 = x", mat(plan.inputSize(), b), batch.x()));
        int outputs = plan.units(plan.depth());
        if (batch.labels() != null) {
            List<String> ys = new ArrayList<>();
            for (int label : batch.labels()) {
                ys.add(String.valueOf(label));
            }
            items.add(new Derivation.Values("e(y),\\ y = (" + String.join(", ", ys) + ")", mat(outputs, b), batch.y()));
        } else {
            items.add(new Derivation.Values("y", mat(outputs, b), batch.y()));
        }
        for (int k = 1; k <= plan.depth(); k++) {
            items.add(new Derivation.Values(Quantity.W(k).tex(), mat(plan.units(k), plan.units(k - 1)), theta.W(k)));
            items.add(new Derivation.Values(Quantity.b(k).tex(), vec(plan.units(k)), theta.b(k)));
            if (k < plan.depth() && plan.batchNorm(k)) {
                items.add(new Derivation.Values(Quantity.gamma(k).tex(), vec(plan.units(k)), theta.gamma(k)));
                items.add(new Derivation.Values(Quantity.beta(k).tex(), vec(plan.units(k)), theta.beta(k)));
            }
        }
        for (int k : OperationRules.dropoutLayers(plan)) {
            items.add(new Derivation.Values(mask(k) + ",\\ p = " + number(plan.dropout(k)), mat(plan.units(k), b),
                    batch.masks().mask(k)));
        }
        return items;
    }

    private static List<Derivation.Item> forward(Plan plan, Parameters theta, ForwardPass f, double loss) {
        List<Derivation.Item> items = new ArrayList<>();
        int b = f.batchSize();
        int depth = plan.depth();
        for (int k = 1; k <= depth; k++) {
            int n = plan.units(k);
            items.add(new Derivation.Values(Quantity.a(k).tex() + " = " + Quantity.b(k).tex() + " + " + Quantity.W(k).tex()
                    + " " + Quantity.h(k - 1).tex(), mat(n, b), f.a(k)));
            if (k == depth) {
                break;
            }
            Layer.Hidden layer = (Layer.Hidden) plan.layer(k);
            String x = Quantity.a(k).tex();
            for (Operation op : layer.operations()) {
                switch (op.kind()) {
                    case BATCH_NORM -> {
                        String ak = Quantity.a(k).texEntry("j");
                        items.add(new Derivation.Values(mu(k) + " = \\frac{1}{B} \\sum_j " + ak, vec(n), f.mean()[k]));
                        items.add(new Derivation.Values(var(k) + " = \\frac{1}{B} \\sum_j (" + ak + " - " + mu(k) + ")^2",
                                vec(n), f.variance()[k]));
                        items.add(new Derivation.Values(sd(k) + " = \\sqrt{" + var(k) + " + \\epsilon},\\ \\epsilon = "
                                + number(Operation.eps(op)), vec(n), BatchNormPaths.standardDeviations(f.variance()[k],
                                Operation.eps(op))));
                        items.add(new Derivation.Values(xhat(k) + " = (" + Quantity.a(k).tex() + " - " + mu(k) + ") / "
                                + sd(k), mat(n, b), f.xhat()[k]));
                        items.add(new Derivation.Values(Quantity.ahat(k).tex() + " = " + Quantity.gamma(k).tex()
                                + " \\odot " + xhat(k) + " + " + Quantity.beta(k).tex(), mat(n, b), f.ahat(k)));
                        x = Quantity.ahat(k).tex();
                    }
                    case ACTIVATION -> {
                        boolean dropped = layer.dropout() > 0;
                        String g = Operation.g(op).keyword().replace("_", "\\_");
                        items.add(new Derivation.Values((dropped ? z(k) : Quantity.h(k).tex()) + " = \\text{" + g + "}("
                                + x + ")", mat(n, b), dropped ? f.gOut()[k] : f.h(k)));
                    }
                    case DROPOUT -> items.add(new Derivation.Values(Quantity.h(k).tex() + " = " + mask(k) + " \\odot "
                            + z(k) + " / (1 - " + number(Operation.p(op)) + ")", mat(n, b), f.h(k)));
                }
            }
        }
        String o = plan.output().function().keyword();
        items.add(new Derivation.Values("\\hat{y} = \\text{" + o + "}(" + Quantity.a(depth).tex() + ")",
                mat(plan.units(depth), b), f.yhat()));
        items.add(new Derivation.Values("\\mathcal{L} = \\frac{1}{B} \\sum_j \\ell_j" + (plan.weightDecay() > 0
                ? " + \\frac{\\lambda}{2} \\sum_k \\lVert W_k\\rVert^2" : ""), "[1]", Matrix.column(loss)));
        return items;
    }

    private static List<Derivation.Item> backward(Plan plan, ForwardPass f, Gradients g, List<BatchNormPaths> paths) {
        List<Derivation.Item> items = new ArrayList<>();
        int depth = plan.depth();
        int b = f.batchSize();
        items.add(new Derivation.Values(Quantity.a(depth).texGradient() + " = \\frac{1}{B} [\\ldots, "
                + OutputRules.vectorForm(plan, "_j") + ", \\ldots]", mat(plan.units(depth), b), g.a(depth)));
        for (int k = depth; k >= 1; k--) {
            int n = plan.units(k);
            String ak = Quantity.a(k).texGradient();
            items.add(new Derivation.Label("k = " + k));
            items.add(new Derivation.Values(Quantity.W(k).texGradient() + " = " + ak + " \\cdot " + Quantity.h(k - 1).tex()
                    + "^\\top" + (plan.weightDecay() > 0 ? " + \\lambda " + Quantity.W(k).tex() : ""),
                    mat(n, plan.units(k - 1)), g.W(k)));
            items.add(new Derivation.Values(Quantity.b(k).texGradient() + " = " + ak + " \\cdot \\mathbb{1}_B"
                    + (k < depth && plan.batchNorm(k) ? " = 0\\text{ but for rounding}" : ""), vec(n), g.b(k)));
            if (k > 1) {
                operations(items, (Layer.Hidden) plan.layer(k - 1), f, g, paths.get(k - 1));
            }
        }
        return items;
    }

    /** ∇h_m, then back through layer m's operations, the last first, to ∇a_m. */
    private static void operations(List<Derivation.Item> items, Layer.Hidden layer, ForwardPass f, Gradients g,
                                   BatchNormPaths paths) {
        int m = layer.k();
        int n = layer.units();
        String cols = mat(n, f.batchSize());
        String up = Quantity.h(m).texGradient();
        items.add(new Derivation.Values(up + " = " + Quantity.W(m + 1).tex() + "^\\top " + Quantity.a(m + 1).texGradient(),
                cols, g.h(m)));
        List<Operation> ops = layer.operations();
        for (int i = ops.size() - 1; i >= 0; i--) {
            Operation op = ops.get(i);
            switch (op.kind()) {
                case DROPOUT -> {
                    String gz = Notation.grad(z(m));
                    items.add(new Derivation.Values(gz + " = " + up + " \\odot " + mask(m) + " / (1 - "
                            + number(Operation.p(op)) + ")", cols, f.gradZ()[m]));
                    up = gz;
                }
                case ACTIVATION -> {
                    Quantity into = layer.batchNorm() ? Quantity.ahat(m) : Quantity.a(m);
                    items.add(new Derivation.Values(into.texGradient() + " = " + up + " \\odot g'(" + into.tex() + ")",
                            cols, g.get(into)));
                    up = into.texGradient();
                }
                case BATCH_NORM -> {
                    String x = xhat(m);
                    String xj = "\\hat{x}_{" + m + ",j}";
                    String aj = Quantity.a(m).texEntry("j");
                    items.add(new Derivation.Values(Quantity.gamma(m).texGradient() + " = (" + up + " \\odot " + x
                            + ") \\cdot \\mathbb{1}_B", vec(n), g.gamma(m)));
                    items.add(new Derivation.Values(Quantity.beta(m).texGradient() + " = " + up + " \\cdot \\mathbb{1}_B",
                            vec(n), g.beta(m)));
                    String gx = Notation.grad(x);
                    String gxj = Notation.grad(xj);
                    items.add(new Derivation.Values(gx + " = " + Quantity.gamma(m).tex() + " \\odot " + up, cols,
                            paths.gradXhat()));
                    items.add(new Derivation.Values(Notation.grad(var(m)) + " = \\sum_j " + gxj + " \\cdot (-\\frac{" + aj
                            + " - " + mu(m) + "}{2 " + sd(m) + "^3})", vec(n), paths.gradVar()));
                    items.add(new Derivation.Values(Notation.grad(mu(m)) + " = -\\frac{1}{" + sd(m) + "} \\sum_j " + gxj,
                            vec(n), paths.gradMu()));
                    items.add(new Derivation.Values(Quantity.a(m).texGradient() + " = \\frac{"
                            + Quantity.gamma(m).tex() + "}{B " + sd(m) + "} \\odot (B " + up + " - " + up + " \\mathbb{1}_B - "
                            + x + " \\odot (" + up + " \\odot " + x + ") \\mathbb{1}_B)", cols, g.a(m)));
                    coupling(items, m, g.ahat(m), g.a(m));
                }
            }
        }
    }

    /**
     * The coupling, seen in the numbers: the first entry where ∇â_m is exactly 0 (relu off there, a dropped unit) but
     * ∇a_m is not, so its gradient came from the other examples through μ_m and σ²_m. Nothing when there is none.
     */
    private static void coupling(List<Derivation.Item> items, int m, Matrix gradAhat, Matrix gradA) {
        for (int i = 0; i < gradA.rows; i++) {
            for (int j = 0; j < gradA.cols; j++) {
                if (gradAhat.get(i, j) == 0 && gradA.get(i, j) != 0) {
                    items.add(new Derivation.Prose("The coupling in these numbers: unit " + (i + 1) + " of example " + (j + 1)
                            + " has $" + Quantity.ahat(m).texGradient() + " = 0$ there, yet $" + Quantity.a(m).texGradient()
                            + " = " + Numbers.format(gradA.get(i, j)) + "$: that gradient comes from the other examples, "
                            + "through $" + mu(m) + "$ and $" + var(m) + "$."));
                    return;
                }
            }
        }
    }

    private static List<Derivation.Item> agreement(Plan plan, Gradients g, double loss, Recording tape,
                                                   List<BatchNormPaths> paths) {
        List<Derivation.Item> items = new ArrayList<>();
        boolean normalised = !OperationRules.batchNormLayers(plan).isEmpty();
        List<String> how = new ArrayList<>();
        if (normalised) {
            how.add("batch norm from a mean over the batch, subtraction, square, square root and division");
        }
        if (!OperationRules.dropoutLayers(plan).isEmpty()) {
            how.add("dropout as a product with the constant mask");
        }
        items.add(new Derivation.Prose("The tape recorded " + tape.tape().nodes().size() + " nodes for this batch"
                + (how.isEmpty() ? "" : " (" + String.join("; ", how) + ")") + " and differentiated them without any of "
                + "the rules above. Largest "
                + "relative difference $\\lVert b - t\\rVert_\\infty / \\max(\\lVert b\\rVert_\\infty, \\lVert t\\rVert_"
                + "\\infty)$ between backprop ($b$) and the tape ($t$); up to " + Trace.AGREEMENT_TEXT + " it is "
                + "rounding and shown as \"agree\"." + (normalised ? " A batch-normalised layer's $\\nabla b_k$ is 0 "
                + "but for rounding, so its difference is taken relative to $\\lVert \\nabla a_k\\rVert_\\infty$, the "
                + "size of the terms that cancel." : "")));
        double worst = Math.abs(loss - tape.lossValue()) / Math.max(Math.abs(loss), Double.MIN_NORMAL);
        items.add(new Derivation.Equation("\\mathcal{L}", "[1]", "tape " + Numbers.format(tape.lossValue()) + ", "
                + Trace.difference(worst)));
        for (Quantity q : g.toMap().keySet()) {
            Matrix m = g.get(q);
            Matrix t = tape.gradients().get(q);
            boolean cancelled = q.kind() == Quantity.Kind.BIAS && q.k() < plan.depth() && plan.batchNorm(q.k());
            double d = cancelled ? cancelledDifference(m, t, g.a(q.k())) : Numbers.relativeDifference(m, t);
            worst = Math.max(worst, d);
            items.add(new Derivation.Equation(q.texGradient(), m.cols == 1 ? vec(m.rows) : mat(m.rows, m.cols),
                    Trace.difference(d)));
        }
        double formWorst = 0;
        if (normalised) {
            items.add(new Derivation.Prose("The full form (three paths, computed by explain) against backprop's closed "
                    + "form, the same relative difference:"));
            for (int k : OperationRules.batchNormLayers(plan)) {
                double d = Numbers.relativeDifference(paths.get(k).gradA(), g.a(k));
                formWorst = Math.max(formWorst, d);
                items.add(new Derivation.Equation(Quantity.a(k).texGradient(), mat(plan.units(k), g.a(k).cols),
                        "full form against closed form: " + Trace.difference(d)));
            }
        }
        String tapeVerdict = worst <= Trace.AGREEMENT ? "" : "Backprop and the tape DISAGREE by up to "
                + String.format(Locale.ROOT, "%.1e", worst) + ": run `netgrad verify` on this spec.";
        String formVerdict = formWorst <= Trace.AGREEMENT ? "" : "The full form and backprop's closed form DISAGREE by up "
                + "to " + String.format(Locale.ROOT, "%.1e", formWorst) + ".";
        items.add(new Derivation.Prose(tapeVerdict.isEmpty() && formVerdict.isEmpty()
                ? (normalised ? "Backprop, the tape and the full form" : "Backprop and the tape") + " agree on every quantity."
                : String.join(" ", List.of(tapeVerdict, formVerdict)).strip()));
        return items;
    }

    /** ‖b − t‖∞ / max(‖b‖∞, ‖t‖∞, ‖∇a_k‖∞): ∇b_k of a batch-normalised layer is a sum that cancels to rounding. */
    private static double cancelledDifference(Matrix backprop, Matrix tape, Matrix gradA) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < backprop.data.length; i++) {
            diff = Math.max(diff, Math.abs(backprop.data[i] - tape.data[i]));
            scale = Math.max(scale, Math.max(Math.abs(backprop.data[i]), Math.abs(tape.data[i])));
        }
        for (double v : gradA.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
