package netgrad.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import netgrad.check.Tolerances.Pair;
import netgrad.fd.Taylor;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * Who is wrong when something disagrees. Two against one names the one, except that two analytic engines agreeing
 * against finite differences is not taken on trust: they share the linear algebra (checked against the naive
 * reference on this run's shapes, {@link SharedCode}) and the Taylor-remainder test ({@link Taylor}) decides whether
 * their gradient is right. When backprop and the tape disagree and finite differences cannot tell them apart, or
 * all three disagree, the Taylor test of each analytic gradient decides.
 *
 * @param culprit   "backprop", "tape", "finite differences", "shared linear algebra", "backprop and tape",
 *                  or "undecided"
 * @param sentences the explanation, one sentence each
 */
public record Blame(String culprit, List<String> sentences) {

    static Blame of(Plan plan, Parameters theta, Batch batch, VerifyReport r, EngineResult backprop, EngineResult tape,
                    long seed) {
        List<String> say = new ArrayList<>();
        List<String> shared = SharedCode.problems(plan, batch.size());
        if (!shared.isEmpty()) {
            say.add("the linear algebra that backprop and the tape share differs from its naive reference on this "
                    + "run's shapes: " + shared.get(0) + (shared.size() > 1 ? " (and " + (shared.size() - 1) + " more)" : ""));
            say.add("both engines inherit that bug, so their agreement proves nothing: fix linalg first");
            return new Blame("shared linear algebra", say);
        }
        QuantityCheck c = r.firstWrongStep().orElse(null);
        if (c == null || c.verdict() == QuantityCheck.Verdict.MISSING) {
            return lossBlame(r, say);
        }
        boolean bt = c.fails(Pair.BACKPROP_TAPE);
        boolean bf = c.fails(Pair.BACKPROP_FD);
        boolean tf = c.fails(Pair.TAPE_FD);
        if (bt && bf && !tf) {
            say.add("backprop disagrees with the tape and with finite differences, which agree with each other");
            say.add("the bug is in backprop");
            return new Blame("backprop", say);
        }
        if (bt && tf && !bf) {
            say.add("the tape disagrees with backprop and with finite differences, which agree with each other");
            say.add("the bug is in the tape");
            return new Blame("tape", say);
        }
        Quantity q = c.step().quantity();
        Matrix v = Verifier.unitDirection(c.rows(), c.cols(), new Random(seed));
        Taylor.Result tb = Taylor.test(plan, theta, batch, q, backprop.gradients().get(q), v);
        Taylor.Result tt = bt ? Taylor.test(plan, theta, batch, q, tape.gradients().get(q), v) : tb;
        if (!bt) {
            say.add("backprop and the tape agree with each other but not with finite differences; the linear algebra "
                    + "they share matches its naive reference on this run's shapes");
            if (!tb.resolved()) {
                say.add("the Taylor-remainder test cannot resolve " + c.step().symbol() + " either: no one can be blamed");
                return new Blame("undecided", say);
            }
            if (tb.right()) {
                say.add("the Taylor-remainder test of their gradient shrinks with order " + order(tb)
                        + " (a right gradient gives 2): finite differences are wrong here"
                        + (c.kinks() > 0 ? " (a kink lies within their step)" : ""));
                return new Blame("finite differences", say);
            }
            say.add("the Taylor-remainder test of their gradient shrinks with order " + order(tb) + " (a right gradient "
                    + "gives 2, a wrong one 1): both engines compute the same wrong gradient, so suspect what they share "
                    + "(the plan, the loss and output rules)");
            return new Blame("backprop and tape", say);
        }
        say.add(bf || tf ? "the three computations all disagree with each other"
                : "backprop and the tape disagree; finite differences, within their tolerance, cannot tell which is right");
        say.add("the Taylor-remainder test shrinks with order " + order(tb) + " for backprop and " + order(tt)
                + " for the tape (a right gradient gives 2, a wrong one 1)");
        if (tb.resolved() && tt.resolved() && tb.right() != tt.right()) {
            String wrong = tb.right() ? "tape" : "backprop";
            say.add("so the bug is in " + (wrong.equals("tape") ? "the tape" : "backprop"));
            return new Blame(wrong, say);
        }
        return new Blame("undecided", say);
    }

    private static Blame lossBlame(VerifyReport r, List<String> say) {
        double[] l = r.losses();
        Tolerances tol = r.tolerances();
        boolean bt = Tolerances.error(l[0], l[1], 0) > tol.tapeTolerance();
        boolean bf = Tolerances.error(l[0], l[2], 0) > tol.tapeTolerance();
        boolean tf = Tolerances.error(l[1], l[2], 0) > tol.tapeTolerance();
        String odd = bt && bf && !tf ? "backprop" : bt && tf && !bf ? "tape" : bf && tf && !bt ? "finite differences" : null;
        if (odd == null) {
            say.add("the three forward passes compute three different losses");
            return new Blame("undecided", say);
        }
        say.add("the loss of " + (odd.equals("tape") ? "the tape" : odd) + " differs from the two others, which agree: "
                + "its forward pass is wrong");
        return new Blame(odd, say);
    }

    private static String order(Taylor.Result t) {
        return t.resolved() ? String.format(Locale.ROOT, "%.1f", t.order()) : "(unresolved)";
    }
}
