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
    /** lecture4's shape with batch norm, dropout, softmax + squared error: every mistake can occur on it. */
    private static final Plan OPS_SQUARED = Fixtures.withBatchNormAndDropoutSquared(0.05);
    private static final Parameters OPS_SQUARED_THETA = Fixtures.parameters(OPS_SQUARED, 7, 0.6);
    private static final Batch OPS_SQUARED_BATCH = Fixtures.batch(OPS_SQUARED, 5, 8);
    /** lecture4's shape with softmax + squared error, for the mistakes of that output/loss pair. */
    private static final Plan SQUARED = Plan.of("lecture4-se", new int[] {4, 3, 3, 2},
            List.of(new Activation.Logistic(), new Activation.Tanh()), OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, 0.05,
            Init.xavier(1));

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void plantedBugFailsVerifyAtTheStepWhereItWasPlanted(Mutant mutant) {
        assertThat(mutant.concerns(OPS_PLAN)).isTrue();
        boolean lecture = mutant.concerns(PLAN);
        assertThat(lecture).isEqualTo(!mutant.name().startsWith("BATCHNORM") && !mutant.name().startsWith("DROPOUT"));
        if (lecture) {
            Plan plan = mutant.notApplicable(PLAN, BATCH.size()) == null ? PLAN : SQUARED;
            caughtWherePlanted(mutant, plan, THETA, BATCH);
        } else {
            caughtWherePlanted(mutant, OPS_PLAN, OPS_THETA, OPS_BATCH);
        }
    }

    /**
     * The lecture's bugs are caught on a network with batch norm and dropout too, at their own steps; those that
     * cannot occur on it (softmax + squared error, n_k = n_{k−1}) on the 4-3-3-2 one with squared error.
     */
    @ParameterizedTest
    @EnumSource(Mutant.class)
    void everyBugIsCaughtWherePlantedOnANetworkWithBatchNormAndDropout(Mutant mutant) {
        if (mutant.notApplicable(OPS_PLAN, OPS_THETA, OPS_BATCH.size()) == null) {
            caughtWherePlanted(mutant, OPS_PLAN, OPS_THETA, OPS_BATCH);
        } else {
            caughtWherePlanted(mutant, OPS_SQUARED, OPS_SQUARED_THETA, OPS_SQUARED_BATCH);
        }
    }

    private static void caughtWherePlanted(Mutant mutant, Plan plan, Parameters theta, Batch batch) {
        assertThat(mutant.notApplicable(plan, theta, batch.size())).isNull();
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
        assertThat(Mutant.TANH_PRIME_AS_1_MINUS_TANH.expectedStep(PLAN)).isEqualTo(Quantity.a(2));
        assertThat(Mutant.LOGISTIC_PRIME_AS_G.expectedStep(PLAN)).as("layer 1 is the logistic one").isEqualTo(Quantity.a(1));
        assertThat(Mutant.WRONG_LAYER_GPRIME.expectedStep(PLAN)).as("n_2 = n_1 = 3").isEqualTo(Quantity.a(1));
        assertThat(Mutant.MEAN_TWICE.expectedStep(PLAN)).isEqualTo(Quantity.W(3));
        assertThat(Mutant.BIAS_NOT_SUMMED.expectedStep(PLAN)).isEqualTo(Quantity.b(3));
    }

    @Test
    void idsAreStableAndUnique() {
        assertThat(java.util.Arrays.stream(Mutant.values()).map(Mutant::id)).doesNotHaveDuplicates()
                .contains("missing-transpose", "g-instead-of-gprime", "gprime-at-h", "wrong-layer-gprime",
                        "output-sign-flipped", "bias-gradient-dropped", "bias-not-summed", "sum-not-mean", "mean-twice",
                        "softmax-se-without-jacobian", "se-factor", "decay-forgotten", "decay-on-biases",
                        "loop-stops-early", "tanh-prime-as-1-minus-tanh", "logistic-prime-as-g",
                        "batchnorm-stats-as-constants", "batchnorm-variance-unbiased",
                        "dropout-mask-forgotten-in-backward", "dropout-scale-forgotten");
        for (Mutant m : Mutant.values()) {
            assertThat(Mutant.byId(m.id())).isSameAs(m);
            assertThat(m.fix()).isNotBlank();
        }
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
        assertThat(Mutant.SE_FACTOR.notApplicable(oneLayer, 4)).contains("not squared error");
        assertThat(Mutant.WRONG_LAYER_GPRIME.notApplicable(Plan.of("relu", new int[] {3, 4, 2}, List.of(new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(1)), 4)).as("n_2 ≠ n_1").isNotNull();
        Plan decayed = Fixtures.lecture4(0.1);
        assertThat(Mutant.DECAY_ON_BIASES.notApplicable(decayed, netgrad.model.Parameters.zeros(decayed), 4))
                .contains("every b_k is 0");
    }
}
