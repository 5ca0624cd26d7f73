package netgrad.explain;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.backprop.BatchNorm;
import netgrad.check.Mutant;
import netgrad.cli.SpecFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.problem.Examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch trace's checks are real: the full form of batch norm's ∇a (explain's own {@link BatchNormPaths}) equals
 * backprop's closed form and departs from a wrong one, and a planted mistake shows as a disagreement.
 */
class BatchTraceTest {
    static final Plan BATCHNORM = load("specs/batchnorm.net");
    static final Plan BN_DROPOUT = load("specs/bn-dropout.net");
    static final Plan DROPOUT = load("specs/dropout.net");

    static Plan load(String spec) {
        return SpecFiles.load(Path.of(spec), new PrintWriter(new StringWriter()));
    }

    static String trace(netgrad.backprop.Backprop backprop, Plan plan) {
        Parameters theta = Initializer.initialize(plan);
        return TextRenderer.render(BatchTrace.of(backprop, theta, Examples.seeded(plan, 3, 4), "Seed 3.").derivation());
    }

    @Test
    void theFullFormEqualsTheClosedFormAndNotTheUnbiasedOne() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 3;
        int b = 5;
        Matrix a = new Matrix(n, b);
        Matrix gradAhat = new Matrix(n, b);
        Matrix gamma = new Matrix(n, 1);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = random.nextGaussian() * 2 + 1;
            gradAhat.data[i] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            gamma.data[i] = 0.5 + random.nextDouble();
        }
        Matrix mean = new Matrix(n, 1);
        Matrix variance = new Matrix(n, 1);
        Matrix xhat = new Matrix(n, b);
        BatchNorm.forward(a, gamma, new Matrix(n, 1), 1e-3, mean, variance, xhat, new Matrix(n, b));
        BatchNormPaths paths = BatchNormPaths.of(a, mean, variance, 1e-3, gamma, gradAhat);
        Matrix closed = new Matrix(n, b);
        BatchNorm.preActivationGradient(gradAhat, xhat, gamma, variance, 1e-3, b, closed);
        assertThat(Numbers.relativeDifference(paths.gradA(), closed)).isLessThan(1e-14);
        BatchNorm.preActivationGradient(gradAhat, xhat, gamma, variance, 1e-3, b - 1, closed);   // the planted bug's
        assertThat(Numbers.relativeDifference(paths.gradA(), closed)).isGreaterThan(1e-3);
        for (int i = 0; i < n; i++) {   // every row of ∇a sums to 0: ∇b_k = 0
            double sum = 0;
            for (int j = 0; j < b; j++) {
                sum += paths.gradA().get(i, j);
            }
            assertThat(Math.abs(sum)).isLessThan(1e-14);
        }
    }

    @Test
    void correctBackpropAgreesWithTheTapeAndTheFullForm() {
        for (Plan plan : new Plan[] {BATCHNORM, BN_DROPOUT, DROPOUT}) {
            String text = trace(new netgrad.backprop.Backprop(plan), plan);
            assertThat(text).as(plan.name()).contains("agree on every quantity").doesNotContain("DISAGREE");
        }
        assertThat(trace(new netgrad.backprop.Backprop(BATCHNORM), BATCHNORM))
                .contains("Backprop, the tape and the full form agree on every quantity.")
                .contains("∇_{a₂}ℒ  [4×4]  full form against closed form: agree");
    }

    @Test
    void statisticsAsConstantsShowAsADisagreementWithTheTapeAndTheFullForm() {
        String text = trace(Mutant.BATCHNORM_STATS_AS_CONSTANTS.plant(BATCHNORM), BATCHNORM);
        assertThat(text.replaceAll("\\s+", " ")).contains("Backprop and the tape DISAGREE")
                .contains("The full form and backprop's closed form DISAGREE");
        assertThat(text).containsPattern("∇_\\{a₂\\}ℒ +\\[4×4\\] +relative difference \\d\\.\\de[-+]\\d\\d");
        assertThat(text).containsPattern("∇_\\{a₃\\}ℒ +\\[3×4\\] +agree\n");
    }

    @Test
    void aForgottenMaskShowsAsADisagreementBelowTheDroppedLayer() {
        String text = trace(Mutant.DROPOUT_MASK_FORGOTTEN.plant(DROPOUT), DROPOUT);
        assertThat(text).contains("Backprop and the tape DISAGREE").doesNotContain("full form");
        assertThat(text).containsPattern("∇_\\{a₂\\}ℒ +\\[5×4\\] +relative difference");
        assertThat(text).containsPattern("∇_\\{h₂\\}ℒ +\\[5×4\\] +agree\n");
    }

    @Test
    void batchNormNeedsTwoExamplesAndDropoutItsMasks() {
        Parameters theta = Initializer.initialize(BATCHNORM);
        assertThatThrownBy(() -> BatchTrace.of(BATCHNORM, theta, Examples.seeded(BATCHNORM, 1, 1), ""))
                .hasMessageContaining("at least 2 examples, not 1");
        Batch noMasks = Examples.seeded(DROPOUT, 1, 4).withMasks(netgrad.model.Masks.NONE);
        assertThatThrownBy(() -> BatchTrace.of(DROPOUT, Initializer.initialize(DROPOUT), noMasks, ""))
                .hasMessageContaining("layer 1 has dropout but the batch has no mask for it");
    }

    @Test
    void lecture4sTraceDelegatesNothingButABatchOfItGetsTheBatchForm() {
        Plan lecture4 = load("specs/lecture4.net");
        String text = TextRenderer.render(BatchTrace.of(lecture4, Initializer.initialize(lecture4),
                Examples.seeded(lecture4, 1, 3), "Seed 1.").derivation());
        assertThat(text).contains("B = 3").contains("∇_{b₃}ℒ = ∇_{a₃}ℒ · 𝟙_B").doesNotContain("μ").doesNotContain("mask");
        assertThat(text).contains("Backprop and the tape agree on every quantity.").doesNotContain("DISAGREE");
    }
}
