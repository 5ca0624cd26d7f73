package netgrad.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * {@code verify --self-test}: the correct backprop must pass, and each {@link Mutant} must fail at the step where
 * it was planted. A mutant that needs weight decay runs on a copy of the plan with λ = {@link #DECAY_FOR_SELF_TEST}
 * when the spec has none; a mutant that cannot show on the plan at all is listed as not applicable.
 */
public final class SelfTest {
    public static final double DECAY_FOR_SELF_TEST = 0.01;

    /**
     * One planted bug's outcome.
     *
     * @param mutant   the bug
     * @param expected the step it was planted in (its quantity), or null when not applicable
     * @param reported the first wrong step verify named, or null when verify passed
     * @param note     how it ran (e.g. with a decay added) or why it is not applicable
     */
    public record Outcome(Mutant mutant, Quantity expected, Quantity reported, String note) {
        public boolean applicable() {
            return expected != null;
        }

        public boolean caught() {
            return applicable() && expected.equals(reported);
        }
    }

    /** The correct backprop's report and every mutant's outcome. */
    public record Result(VerifyReport baseline, List<Outcome> outcomes) {
        /** The correct backprop agrees, and every applicable mutant is caught at its step. */
        public boolean passed() {
            return baseline.agrees() && outcomes.stream().filter(Outcome::applicable).allMatch(Outcome::caught);
        }
    }

    private SelfTest() {}

    public static Result run(Plan plan, Parameters theta, Batch batch, Verifier.Options options) {
        VerifyReport baseline = Engines.verify(plan, theta, batch, options);
        List<Outcome> outcomes = new ArrayList<>();
        for (Mutant mutant : Mutant.values()) {
            Plan target = plan;
            String note = "";
            if (mutant.needsDecay() && plan.weightDecay() == 0) {
                target = new Plan(plan.name(), plan.pos(), plan.inputSize(), plan.layers(), plan.loss(), DECAY_FOR_SELF_TEST,
                        plan.init(), plan.training());
                note = "run with λ = " + DECAY_FOR_SELF_TEST + " (the spec has no decay)";
            }
            String reason = mutant.notApplicable(target, theta, batch.size());
            if (reason != null) {
                outcomes.add(new Outcome(mutant, null, null, "not applicable: " + reason));
                continue;
            }
            VerifyReport report = Engines.verify(mutant.plant(target), theta, batch, options);
            Quantity reported = report.firstWrongStep().map(c -> c.step().quantity()).orElse(null);
            outcomes.add(new Outcome(mutant, mutant.expectedStep(target), reported, note));
        }
        return new Result(baseline, outcomes);
    }

    public static String render(Result result) {
        StringBuilder out = new StringBuilder();
        VerifyReport base = result.baseline();
        out.append(String.format(Locale.ROOT, "self-test on %s: plant classic derivation bugs into backprop and check that verify catches each at the right step%n%n",
                base.plan().name()));
        out.append(String.format(Locale.ROOT, "  correct backprop: %s%n%n", base.agrees() ? "all gradients agree (as they must)"
                : "DISAGREES (" + base.firstWrongStep().map(c -> c.step().formula()).orElse("the losses differ") + ")"));
        out.append(String.format(Locale.ROOT, "  %-76s %-10s %-10s %s%n", "planted bug", "planted in", "verify says", "result"));
        for (Outcome o : result.outcomes()) {
            String expected = o.applicable() ? o.expected().gradientText() : "-";
            String reported = !o.applicable() ? "-" : o.reported() == null ? "all agree" : o.reported().gradientText();
            String verdict = !o.applicable() ? o.note() : (o.caught() ? "caught" : "MISSED") + (o.note().isEmpty() ? "" : "; " + o.note());
            out.append(String.format(Locale.ROOT, "  %-76s %-10s %-10s %s%n", o.mutant().description(), expected, reported, verdict));
        }
        long applicable = result.outcomes().stream().filter(Outcome::applicable).count();
        long caught = result.outcomes().stream().filter(Outcome::caught).count();
        out.append(String.format(Locale.ROOT, "%n%d of %d planted bugs caught at the step where they were planted%s.%n", caught,
                applicable, result.passed() ? "" : ": the self-test FAILED"));
        return out.toString();
    }
}
