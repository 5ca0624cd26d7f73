package netgrad.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import netgrad.check.Tolerances.Pair;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/** Every planted derivation bug fails verify, at the step where it was planted, with backprop the odd one out. */
class MutantTest {
    private static final Plan PLAN = Fixtures.lecture4(0.05);
    private static final Parameters THETA = Fixtures.parameters(PLAN, 7, 0.6);
    private static final Batch BATCH = Fixtures.batch(PLAN, 4, 8);
    /** For the batch-norm and dropout bugs, which lecture 4's network cannot show. */
    private static final Plan OPS_PLAN = Fixtures.withBatchNormAndDropout(0.05);
    private static final Parameters OPS_THETA = Fixtures.parameters(OPS_PLAN, 7, 0.6);
    private static final Batch OPS_BATCH = Fixtures.batch(OPS_PLAN, 5, 8);

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void plantedBugFailsVerifyAtTheStepWhereItWasPlanted(Mutant mutant) {
        assertThat(mutant.concerns(OPS_PLAN)).isTrue();
        boolean lecture = mutant.concerns(PLAN);
        assertThat(lecture).isEqualTo(!mutant.name().startsWith("BATCHNORM") && !mutant.name().startsWith("DROPOUT"));
        caughtWherePlanted(mutant, lecture ? PLAN : OPS_PLAN, lecture ? THETA : OPS_THETA, lecture ? BATCH : OPS_BATCH);
    }

    /** The lecture's bugs are caught on a network with batch norm and dropout too, at their own steps. */
    @ParameterizedTest
    @EnumSource(Mutant.class)
    void everyBugIsCaughtWherePlantedOnANetworkWithBatchNormAndDropout(Mutant mutant) {
        caughtWherePlanted(mutant, OPS_PLAN, OPS_THETA, OPS_BATCH);
    }

    private static void caughtWherePlanted(Mutant mutant, Plan plan, Parameters theta, Batch batch) {
        assertThat(mutant.notApplicable(plan, batch.size())).isNull();
        VerifyReport report = Engines.verify(mutant.plant(plan), theta, batch, Verifier.Options.defaults());

        assertThat(report.agrees()).isFalse();
        QuantityCheck first = report.firstWrongStep().orElseThrow();
        assertThat(first.step().quantity()).isEqualTo(mutant.expectedStep(plan));
        assertThat(first.fails(Pair.TAPE_FD)).as("the tape still agrees with finite differences").isFalse();
        if (first.verdict() == QuantityCheck.Verdict.DISAGREE) {
            assertThat(first.oddOneOut()).isEqualTo("backprop");
        }
        assertThat(ReportText.render(report)).contains("FIRST WRONG STEP: " + first.step().formula());
    }

    @Test
    void expectedStepsFollowTheLecturesOrder() {
        assertThat(Mutant.OUTPUT_SIGN_FLIPPED.expectedStep(PLAN)).isEqualTo(Quantity.a(3));
        assertThat(Mutant.DECAY_FORGOTTEN.expectedStep(PLAN)).isEqualTo(Quantity.W(3));
        assertThat(Mutant.BIAS_GRADIENT_DROPPED.expectedStep(PLAN)).isEqualTo(Quantity.b(3));
        assertThat(Mutant.NO_TRANSPOSE.expectedStep(PLAN)).isEqualTo(Quantity.h(2));
        assertThat(Mutant.G_INSTEAD_OF_G_PRIME.expectedStep(PLAN)).isEqualTo(Quantity.a(2));
        assertThat(Mutant.LOOP_STOPS_EARLY.expectedStep(PLAN)).isEqualTo(Quantity.W(1));
    }

    @Test
    void missingTransposeIsLookedForBelowAVectorShapedOutputLayer() {
        Plan binary = Plan.of("binary", new int[] {3, 4, 2, 1}, List.of(new Activation.Tanh(), new Activation.Tanh()),
                OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY, 0, Init.xavier(2));
        assertThat(Mutant.NO_TRANSPOSE.expectedStep(binary)).isEqualTo(Quantity.h(1));
        VerifyReport report = Engines.verify(Mutant.NO_TRANSPOSE.plant(binary), Fixtures.parameters(binary, 3, 0.8),
                Fixtures.batch(binary, 3, 4), Verifier.Options.defaults());
        assertThat(report.firstWrongStep().orElseThrow().step().quantity()).isEqualTo(Quantity.h(1));
    }

    @Test
    void bugsThatCannotShowAreReportedAsNotApplicable() {
        Plan oneLayer = Plan.of("one", new int[] {3, 2}, List.of(), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0,
                Init.xavier(1));
        assertThat(Mutant.DECAY_FORGOTTEN.notApplicable(oneLayer, 4)).contains("no weight decay");
        assertThat(Mutant.LOOP_STOPS_EARLY.notApplicable(oneLayer, 4)).isNotNull();
        assertThat(Mutant.SUM_NOT_MEAN.notApplicable(oneLayer, 1)).isNotNull();
        assertThat(Mutant.SUM_NOT_MEAN.notApplicable(oneLayer, 2)).isNull();
    }
}
