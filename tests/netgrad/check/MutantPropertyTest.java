package netgrad.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * On random architectures, verify's first wrong step is exactly the first step (in back_propagation's order) whose
 * numbers the planted bug changed; and that is the step where the bug was planted unless the correct gradient
 * there happens to equal the buggy one (e.g. below a dead relu layer of one unit, where every gradient is 0).
 */
class MutantPropertyTest {
    private static final int ARCHITECTURES = 100;
    /** Two gradients differ when |x − y| exceeds this and the relative error exceeds {@link #RELATIVE}. */
    private static final double FLOOR = 1e-8;
    private static final double RELATIVE = 1e-6;

    @Test
    void firstWrongStepIsTheFirstStepTheBugChanged() {
        Random random = new Random(77);
        int applicable = 0;
        int atPlantedStep = 0;
        for (int n = 0; n < ARCHITECTURES; n++) {
            Plan plan = CrossEngineTest.randomPlan(random, n);
            Parameters theta = Fixtures.parameters(plan, random.nextLong(), 0.3 + random.nextDouble());
            Batch batch = Fixtures.batch(plan, 2 + random.nextInt(3), random.nextLong());
            Gradients correct = new Backprop(plan).gradients(theta, batch);
            for (Mutant mutant : Mutant.values()) {
                if (mutant.notApplicable(plan, batch.size()) != null) {
                    continue;
                }
                applicable++;
                Backprop buggy = mutant.plant(plan);
                Quantity changed = firstChangedStep(plan, correct, buggy.gradients(theta, batch));
                VerifyReport report = Engines.verify(buggy, theta, batch, Verifier.Options.defaults());
                Quantity reported = report.firstWrongStep().map(c -> c.step().quantity()).orElse(null);
                assertThat(reported).as("%s on %s", mutant, plan).isEqualTo(changed);
                if (mutant.expectedStep(plan).equals(reported)) {
                    atPlantedStep++;
                }
            }
        }
        assertThat(applicable).isGreaterThan(500);
        assertThat(atPlantedStep).as("caught where planted").isGreaterThanOrEqualTo(applicable * 99 / 100);
    }

    private static Quantity firstChangedStep(Plan plan, Gradients correct, Gradients buggy) {
        for (Step step : Step.backwardOrder(plan)) {
            var x = correct.get(step.quantity());
            var y = buggy.get(step.quantity());
            for (int i = 0; i < x.size(); i++) {
                double diff = Math.abs(x.data[i] - y.data[i]);
                if (diff > FLOOR && diff > RELATIVE * Math.max(Math.abs(x.data[i]), Math.abs(y.data[i]))) {
                    return step.quantity();
                }
            }
        }
        return null;
    }
}
