package netgrad.answer;

import java.util.ArrayList;
import java.util.List;

import netgrad.backprop.Backprop;
import netgrad.check.Engines;
import netgrad.check.Mutant;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.problem.BatchMaker;
import netgrad.problem.ProblemFile;

/**
 * Draws a problem on which the check is conclusive: the three engines agree on it (so a correct answer meets a
 * verdict of agreement) and every applicable mistake of the catalogue changes the step where it is planted by far
 * more than the answer tolerance ({@link #DISTINCT} relative), so each one is seen. Redraws the batch up to
 * {@link #MAX_DRAWS} times, or says why no batch would do.
 */
public final class Handout {
    public static final int MAX_DRAWS = 10;
    /**
     * A planted mistake is visible when it changes its step by more than this fraction of the step's largest entry:
     * ten times the answer tolerance {@link YoursCheck#TOLERANCE}.
     */
    public static final double DISTINCT = 10 * YoursCheck.TOLERANCE;

    /**
     * @param theta   the problem's θ
     * @param batch   its batch (null when none was conclusive)
     * @param draws   how many batches were drawn
     * @param refusal why no batch would do, else null
     */
    public record Result(Parameters theta, Batch batch, int draws, String refusal) {}

    private Handout() {}

    public static Result draw(Plan plan, int examples, long seed) {
        Parameters theta = ProblemFile.parameters(plan, seed);
        String why = null;
        for (int d = 0; d < MAX_DRAWS; d++) {
            Batch batch = BatchMaker.make(plan, examples, seed + d);
            why = inconclusive(plan, theta, batch);
            if (why == null) {
                return new Result(theta, batch, d + 1, null);
            }
        }
        return new Result(theta, null, MAX_DRAWS, why);
    }

    /** Why the check would not be conclusive on this batch, or null. */
    static String inconclusive(Plan plan, Parameters theta, Batch batch) {
        VerifyReport report = Engines.verify(plan, theta, batch, Verifier.Options.defaults());
        if (!report.agrees()) {
            return "backprop, the tape and finite differences do not agree on it (first at "
                    + report.firstWrongStep().map(c -> c.step().symbol()).orElse("the loss") + ")";
        }
        Gradients correct = new Backprop(plan).gradients(theta, batch);
        List<String> hidden = new ArrayList<>();
        for (Mutant m : Mutant.values()) {
            if (m.notApplicable(plan, theta, batch.size()) != null) {
                continue;
            }
            var q = m.expectedStep(plan);
            Matrix planted = m.plant(plan).gradients(theta, batch).get(q);
            if (YoursCheck.close(planted, correct.get(q), DISTINCT)) {
                hidden.add(m.id() + " (at " + q.gradientText() + ")");
            }
        }
        return hidden.isEmpty() ? null : "these mistakes barely change their step: " + String.join(", ", hidden);
    }
}
