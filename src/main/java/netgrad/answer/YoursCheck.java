package netgrad.answer;

import java.util.ArrayList;
import java.util.List;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.check.Step;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.Layout;
import netgrad.source.SourcePos;

/**
 * The "yours" column of verify: a user's arrays against the reference (backprop, once the three engines agree):
 * forward values first, in forward_propagation's order (a_1, h_1, …, a_L, ŷ, L), then every gradient in
 * back_propagation's order ({@link Step#backwardOrder}). Each array's layout (lecture, or transposed) is
 * recognised and stated; its reduction is stated too (a sum over the batch where the lecture means the mean is
 * wrong, and named so). The first wrong one is diagnosed by {@link Diagnosis}.
 */
public final class YoursCheck {
    /** Yours agrees when every entry is within this fraction of the quantity's largest entry (plus {@link #FLOOR}). */
    public static final double TOLERANCE = 1e-6;
    /** Absolute differences below this are rounding. */
    public static final double FLOOR = 1e-12;

    /**
     * One array of yours against the reference.
     *
     * @param target    what it is
     * @param name      the name it was given
     * @param formula   the step that computes it, with this network's indices
     * @param iteration the loop's k (forward or backward)
     * @param layer     the layer whose spec statement the step depends on
     * @param pos       that statement's place in the spec
     * @param layout    "lecture", "transposed" (of the lecture's), "1-D", "scalar"
     * @param reduction "mean", "sum (B× the mean)" or "-" when neither or not a batch reduction
     * @param error     max |yours − reference| / the larger of their largest entries
     * @param agrees    whether yours is right
     * @param yours     yours in the lecture's layout
     * @param reference the reference value
     */
    public record Item(Target target, String name, String formula, int iteration, int layer, SourcePos pos, String layout,
                       String reduction, double error, boolean agrees, Matrix yours, Matrix reference) {}

    /** Every array of yours in the derivation's order, the first wrong one and its diagnosis (null when all agree). */
    public record Result(Answer answer, List<Item> items, Item firstWrong, Diagnosis.Finding diagnosis) {
        public boolean agrees() {
            return firstWrong == null;
        }
    }

    private YoursCheck() {}

    /** Checks {@code answer} against the reference gradients of θ and the batch (already verified three ways). */
    public static Result run(Plan plan, Parameters theta, Batch batch, Gradients reference, Answer answer, Layout given) {
        Backprop backprop = new Backprop(plan);
        ForwardPass f = backprop.forward(theta, batch);                 // with the problem's dropout masks
        double loss = backprop.loss(f, theta, batch);
        int depth = plan.depth();
        List<Item> items = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            SourcePos pos = plan.layer(k).pos();
            String input = k == 1 ? "x" : Quantity.h(k - 1).text();
            Quantity a = Quantity.a(k);
            add(items, answer, new Target(Target.Role.VALUE, a), a.text() + " = " + Quantity.W(k).text() + " " + input
                    + " + " + Quantity.b(k).text(), k, k, pos, f.a(k), batch.size(), given);
            boolean normalised = k < depth && plan.batchNorm(k);
            if (normalised) {
                batchNormValues(items, answer, plan, f, k, pos, batch.size(), given);
            }
            if (k < depth) {
                Quantity h = Quantity.h(k);
                String z = normalised ? Quantity.ahat(k).text() : a.text();
                double p = plan.dropout(k);
                String g = "g(" + z + ")";
                add(items, answer, new Target(Target.Role.VALUE, h), h.text() + " = " + (p > 0 ? "m_" + k + " ⊙ " + g
                        + "/(1 − " + number(p) + ")" : g) + " with g = " + plan.activation(k).keyword(), k, k, pos, f.h(k),
                        batch.size(), given);
            }
        }
        SourcePos out = plan.layer(depth).pos();
        add(items, answer, new Target(Target.Role.OUTPUT, null), "ŷ = O(" + Quantity.a(depth).text() + ") with O = "
                + plan.output().function().keyword(), depth, depth, out, f.yhat(), batch.size(), given);
        add(items, answer, new Target(Target.Role.LOSS, null), "L = (1/B) Σ ℓ(ŷ, y)" + (plan.weightDecay() > 0
                ? " + (λ/2) Σ_k ‖W_k‖²" : ""), depth, depth, out, new Matrix(1, 1, new double[] {loss}), batch.size(), given);
        for (Step step : Step.backwardOrder(plan)) {
            add(items, answer, new Target(Target.Role.GRADIENT, step.quantity()), step.formula(), step.iteration(),
                    step.layer(), step.pos(), reference.get(step.quantity()), batch.size(), given);
        }
        Item first = items.stream().filter(i -> !i.agrees()).findFirst().orElse(null);
        Diagnosis.Finding finding = first == null ? null : Diagnosis.diagnose(plan, theta, batch, first, loss);
        return new Result(answer, List.copyOf(items), first, finding);
    }

    /** μ_k, σ²_k, x̂_k and â_k of a batch-normalised layer k, in the order forward_propagation computes them. */
    private static void batchNormValues(List<Item> items, Answer answer, Plan plan, ForwardPass f, int k, SourcePos pos,
                                        int examples, Layout given) {
        Quantity a = Quantity.a(k);
        String mu = "μ_" + k;
        String var = "σ²_" + k;
        String xhat = "x̂_" + k;
        add(items, answer, new Target(Target.Role.MEAN, a), mu + " = (1/B) Σ_j " + a.text() + " (the mean over the batch)",
                k, k, pos, f.mean()[k], examples, given);
        add(items, answer, new Target(Target.Role.VARIANCE, a), var + " = (1/B) Σ_j (" + a.text() + " − " + mu
                + ")² (biased: divided by B)", k, k, pos, f.variance()[k], examples, given);
        add(items, answer, new Target(Target.Role.XHAT, a), xhat + " = (" + a.text() + " − " + mu + ")/√(" + var
                + " + ε), ε = " + number(plan.batchNormEps(k)), k, k, pos, f.xhat()[k], examples, given);
        Quantity ahat = Quantity.ahat(k);
        add(items, answer, new Target(Target.Role.VALUE, ahat), ahat.text() + " = γ_" + k + " ⊙ " + xhat + " + β_" + k,
                k, k, pos, f.ahat(k), examples, given);
    }

    /** 0.25, 0.00001: the shortest decimal of a spec's number. */
    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString().replace('E', 'e');
    }

    private static void add(List<Item> items, Answer answer, Target target, String formula, int iteration, int layer,
                            SourcePos pos, Matrix reference, int examples, Layout given) {
        Matrix raw = answer.arrays().get(target);
        if (raw == null) {
            return;
        }
        boolean transposed = transposed(raw, reference, given);
        Matrix yours = transposed ? raw.transpose() : raw;
        String layout = reference.size() == 1 ? "scalar" : reference.cols == 1 ? (raw.rows == 1 ? "row" : "1-D")
                : transposed ? "transposed" : "lecture";
        boolean agrees = close(yours, reference, TOLERANCE);
        boolean batchReduced = target.role() == Target.Role.GRADIENT || target.role() == Target.Role.LOSS;
        String reduction = !batchReduced ? "-" : agrees ? "mean" : examples > 1 && close(yours, scaled(examples, reference),
                TOLERANCE) ? "sum (B× the mean)" : "-";
        items.add(new Item(target, answer.names().get(target), formula, iteration, layer, pos, layout, reduction,
                error(yours, reference), agrees, yours, reference));
    }

    /**
     * Whether {@code raw} is the transpose of the lecture's layout: by shape; a square one is read in the problem's
     * layout unless only the other reading is right.
     */
    private static boolean transposed(Matrix raw, Matrix reference, Layout given) {
        if (raw.rows == reference.rows && raw.cols == reference.cols && raw.rows != raw.cols) {
            return false;
        }
        if (raw.rows != raw.cols) {
            return true;
        }
        boolean usual = given == Layout.ROWS;
        Matrix read = usual ? raw.transpose() : raw;
        Matrix other = usual ? raw : raw.transpose();
        return !close(read, reference, TOLERANCE) && close(other, reference, TOLERANCE) ? !usual : usual;
    }

    /** max |x − y| ≤ tolerance · max(‖x‖∞, ‖y‖∞) + {@link #FLOOR}. */
    static boolean close(Matrix x, Matrix y, double tolerance) {
        return difference(x, y) <= tolerance * Math.max(largest(x), largest(y)) + FLOOR;
    }

    static double error(Matrix x, Matrix y) {
        double scale = Math.max(largest(x), largest(y));
        double d = difference(x, y);
        return d <= FLOOR ? 0 : d / scale;
    }

    static double difference(Matrix x, Matrix y) {
        double d = 0;
        for (int i = 0; i < x.size(); i++) {
            d = Math.max(d, Math.abs(x.data[i] - y.data[i]));
        }
        return d;
    }

    static double largest(Matrix x) {
        double m = 0;
        for (double v : x.data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static Matrix scaled(double s, Matrix x) {
        Matrix out = new Matrix(x.rows, x.cols);
        for (int i = 0; i < x.size(); i++) {
            out.data[i] = s * x.data[i];
        }
        return out;
    }
}
