package netgrad.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The power of one verify run: every mistake of the catalogue ({@link Mutant#values()}) that applies to the plan and
 * batch is planted into backprop and checked on the same weights, batch and finite differences as the correct
 * backprop; it is caught when the check's first wrong step is the one the mistake must change. A mistake missed
 * here is one this run could not have seen, so any miss makes the verdict {@link Verdict#INCONCLUSIVE}.
 *
 * @param outcomes one per mistake of the catalogue the plan {@linkplain Mutant#concerns concerns}, in its order
 *                 (not applicable ones included)
 */
public record Power(List<Outcome> outcomes) {

    /**
     * One planted mistake.
     *
     * @param mutant   the mistake
     * @param expected the step it must change first, or null when it does not apply
     * @param reported the first wrong step verify named, or null when everything agreed
     * @param reason   why it does not apply, or why it was missed; empty when caught
     */
    public record Outcome(Mutant mutant, Quantity expected, Quantity reported, String reason) {
        public boolean applicable() {
            return expected != null;
        }

        public boolean caught() {
            return applicable() && expected.equals(reported);
        }
    }

    public long planted() {
        return outcomes.stream().filter(Outcome::applicable).count();
    }

    public long caught() {
        return outcomes.stream().filter(Outcome::caught).count();
    }

    /** The applicable mistakes this run missed. */
    public List<Outcome> missed() {
        return outcomes.stream().filter(o -> o.applicable() && !o.caught()).toList();
    }

    static Power measure(Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape, List<Probe> probes,
                         Tolerances tol, List<QuantityCheck> baseline, List<Exercise> exercised) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Mutant mutant : Mutant.values()) {
            if (!mutant.concerns(plan)) {
                continue;                                                  // a batch-norm bug on a plan without it
            }
            String notApplicable = mutant.notApplicable(plan, batch.size());
            if (notApplicable != null) {
                outcomes.add(new Outcome(mutant, null, null, notApplicable));
                continue;
            }
            Quantity expected = mutant.expectedStep(plan);
            EngineResult planted;
            try {
                planted = Engines.backprop(mutant.plant(plan), theta, batch);
            } catch (RuntimeException e) {
                outcomes.add(new Outcome(mutant, expected, null, "planting it threw " + e));
                continue;
            }
            boolean lossDiffers = Tolerances.error(planted.loss(), tape.loss(), 0) > tol.tapeTolerance();
            Optional<QuantityCheck> first = firstWrong(probes, plan, batch.size(), backprop, planted, tape, tol, baseline);
            Quantity reported = first.map(c -> c.step().quantity()).orElse(null);
            String reason = expected.equals(reported) ? "" : reasonMissed(expected, reported, lossDiffers, baseline, exercised);
            outcomes.add(new Outcome(mutant, expected, reported, reason));
        }
        return new Power(List.copyOf(outcomes));
    }

    /**
     * The first step whose check fails with the planted backprop, in backward order. A quantity the mistake left
     * bit for bit as the correct backprop computed it has the correct backprop's check, so only the quantities it
     * changed are compared again, and the walk stops at the first failure.
     */
    private static Optional<QuantityCheck> firstWrong(List<Probe> probes, Plan plan, int examples, EngineResult correct,
                                                      EngineResult planted, EngineResult tape, Tolerances tol,
                                                      List<QuantityCheck> baseline) {
        for (int i = 0; i < probes.size(); i++) {
            Quantity q = probes.get(i).step().quantity();
            boolean unchanged = planted.gradients().has(q) && correct.gradients().has(q)
                    && sameMatrix(planted.gradients().get(q), correct.gradients().get(q));
            QuantityCheck c = unchanged ? baseline.get(i)
                    : Verifier.compare(List.of(probes.get(i)), plan, examples, planted, tape, tol).get(0);
            if (!c.agrees()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static boolean sameMatrix(netgrad.linalg.Matrix x, netgrad.linalg.Matrix y) {
        return x.rows == y.rows && x.cols == y.cols && java.util.Arrays.equals(x.data, y.data);
    }

    private static String reasonMissed(Quantity expected, Quantity reported, boolean lossDiffers, List<QuantityCheck> baseline,
                                       List<Exercise> exercised) {
        if (reported != null) {
            return "verify names " + reported.gradientText() + " first, not " + expected.gradientText();
        }
        if (lossDiffers) {
            return "it changes only the loss";
        }
        for (QuantityCheck c : baseline) {
            if (c.step().quantity().equals(expected) && c.verdict() == QuantityCheck.Verdict.NOT_EXERCISED) {
                return expected.gradientText() + " is " + c.note();
            }
        }
        for (Exercise e : exercised) {
            if (e.blocked()) {
                return e.sentence();
            }
        }
        return "its change to " + expected.gradientText() + " lies within the tolerances on this batch";
    }
}
