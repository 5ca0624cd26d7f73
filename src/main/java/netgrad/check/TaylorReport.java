package netgrad.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import netgrad.fd.Taylor;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;

/**
 * {@code verify --mode taylor}: the Taylor-remainder test ({@link Taylor}) of backprop's and the tape's gradient of
 * every step's quantity along one seeded random unit direction each; no finite-difference step is involved.
 *
 * @param plan the network
 * @param rows one per step: the step and the observed order for backprop and for the tape
 */
public record TaylorReport(Plan plan, List<Row> rows) {
    public record Row(Step step, Taylor.Result backprop, Taylor.Result tape) {}

    public static TaylorReport run(Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape,
                                   long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (Step s : Step.backwardOrder(plan)) {
            Matrix g = backprop.gradients().get(s.quantity());
            Matrix v = Verifier.unitDirection(g.rows, g.cols, random);
            rows.add(new Row(s, Taylor.test(plan, theta, batch, s.quantity(), g, v),
                    Taylor.test(plan, theta, batch, s.quantity(), tape.gradients().get(s.quantity()), v)));
        }
        return new TaylorReport(plan, List.copyOf(rows));
    }

    /** DISAGREE when some order is below 1.5, INCONCLUSIVE when some remainder never cleared the noise, else AGREE. */
    public Verdict verdict() {
        if (rows.stream().anyMatch(r -> r.backprop().resolved() && !r.backprop().right()
                || r.tape().resolved() && !r.tape().right())) {
            return Verdict.DISAGREE;
        }
        return rows.stream().allMatch(r -> r.backprop().resolved() && r.tape().resolved()) ? Verdict.AGREE
                : Verdict.INCONCLUSIVE;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("netgrad verify --mode taylor ").append(plan.name()).append('\n');
        out.append("  r(h) = |L(q + hv) − L(q) − h gᵀv| along a random unit direction v, h = 1e-1 … 1e-8:\n");
        out.append("  it shrinks with order 2 for a right gradient g, with order 1 for a wrong one\n\n");
        out.append(String.format(Locale.ROOT, "%-7s %-15s %-15s %s%n", "step", "backprop order", "tape order", "verdict"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-7s %-15s %-15s %s%n", r.step().symbol(), order(r.backprop()),
                    order(r.tape()), word(r)));
        }
        Verdict v = verdict();
        out.append('\n').append("verdict: ").append(v == Verdict.AGREE ? "agree" : v == Verdict.DISAGREE ? "DISAGREE"
                : "INCONCLUSIVE (some remainders never rose above rounding noise)").append('\n');
        return out.toString();
    }

    private static String word(Row r) {
        if (!r.backprop().resolved() || !r.tape().resolved()) {
            return "not exercised";
        }
        if (!r.backprop().right() || !r.tape().right()) {
            return "DISAGREE (" + (!r.backprop().right() ? "backprop" : "") + (!r.backprop().right() && !r.tape().right()
                    ? ", " : "") + (!r.tape().right() ? "tape" : "") + ")";
        }
        return "ok";
    }

    private static String order(Taylor.Result t) {
        return t.resolved() ? String.format(Locale.ROOT, "%.2f", t.order()) : "-";
    }
}
