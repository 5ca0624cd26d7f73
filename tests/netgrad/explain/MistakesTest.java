package netgrad.explain;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.check.Mutant;
import netgrad.cli.SpecFiles;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.Examples;

import static org.assertj.core.api.Assertions.assertThat;

/** Each classic mistake, planted and verified, is reported at the step the derivation says it breaks. */
class MistakesTest {
    static Plan load(String spec) {
        return SpecFiles.load(Path.of(spec), new PrintWriter(new StringWriter()));
    }

    @Test
    void everyMistakeOfTheCatalogueIsOneOfVerifysMutants() {
        assertThat(Mistakes.catalogue(load("specs/bn-dropout.net")).stream().map(Mistakes.Mistake::mutant))
                .containsExactlyInAnyOrder(Mutant.values());
        assertThat(Mistakes.catalogue(load("specs/lecture4.net")).stream().map(Mistakes.Mistake::mutant))
                .containsExactlyInAnyOrder(java.util.Arrays.stream(Mutant.values())
                        .filter(m -> m.concerns(load("specs/lecture4.net"))).toArray(Mutant[]::new));
    }

    @Test
    void onLecture4EveryApplicableMistakeIsCaughtAtItsExpectedStep() {
        Plan plan = load("specs/lecture4.net");
        Batch batch = Examples.seeded(plan, 1, 4);
        List<Mistakes.Outcome> outcomes = Mistakes.check(plan, Initializer.initialize(plan), batch);
        for (Mistakes.Outcome o : outcomes) {
            Mutant mutant = o.mistake().mutant();
            if (mutant.needsDecay()) {
                assertThat(o.notApplicable()).as("lecture4 has λ = 0").contains("no weight decay");
                assertThat(o.caught()).isFalse();
            } else if (mutant == Mutant.SOFTMAX_SE_WITHOUT_JACOBIAN || mutant == Mutant.SE_FACTOR) {
                assertThat(o.notApplicable()).as("lecture4 uses cross-entropy").isNotNull();
                assertThat(o.caught()).isFalse();
            } else {
                assertThat(o.caught()).as(mutant.name()).isTrue();
                assertThat(o.firstWrong()).as(mutant.name()).isEqualTo(mutant.expectedStep(plan));
            }
        }
    }

    @Test
    void withWeightDecayTheForgottenDecayTermIsCaughtAtTheOutputWeights() {
        Plan plan = load("specs/regression.net");
        Mistakes.Outcome decay = Mistakes.check(plan, Initializer.initialize(plan), Examples.seeded(plan, 1, 4)).stream()
                .filter(o -> o.mistake().mutant() == Mutant.DECAY_FORGOTTEN).findFirst().orElseThrow();
        assertThat(decay.caught()).isTrue();
        assertThat(decay.firstWrong()).isEqualTo(Quantity.W(plan.depth()));
    }

    @Test
    void withOneExampleSumInsteadOfMeanCannotShowAndTheTextSaysSo() {
        Plan plan = load("specs/lecture4.net");
        Derivation d = Mistakes.of(plan, Initializer.initialize(plan), Examples.seeded(plan, 1, 1), "One example.");
        String text = MarkdownRenderer.render(d, ""); // unwrapped, so phrases stay on one line
        assertThat(text).contains("cannot show on this network: with one example the sum equals the mean");
        assertThat(text).contains("What verify reports: first wrong step $\\nabla_{a_3}\\mathcal{L}$");
    }

    @Test
    void aMistakeThatGoesUnnoticedSaysWhy() throws java.io.IOException {
        java.nio.file.Path spec = java.nio.file.Files.createTempFile("zeros", ".net");
        try {
            java.nio.file.Files.writeString(spec, java.nio.file.Files.readString(Path.of("specs/lecture4.net"))
                    .replace("init xavier seed 42", "init zeros"));
            Plan plan = load(spec.toString());
            assertThat(plan.init().toString()).containsIgnoringCase("zeros");
            Batch batch = Examples.seeded(plan, 1, 4);
            netgrad.model.Parameters theta = Initializer.initialize(plan);
            List<Mistakes.Outcome> outcomes = Mistakes.check(plan, theta, batch);
            Mistakes.Outcome transpose = outcomes.stream().filter(o -> o.mistake().mutant() == Mutant.NO_TRANSPOSE)
                    .findFirst().orElseThrow();
            assertThat(transpose.caught()).as("W = 0 reads the same transposed").isFalse();
            String text = TextRenderer.render(Mistakes.of(plan, theta, batch, "Seed 1.")).replaceAll("\\s+", " ");
            assertThat(text).contains("goes unnoticed here: the step it is planted in, ∇_{h₂}ℒ, is exactly zero on these "
                    + "weights and examples").contains("every Wₖ with k ≥ 2 is zero, as with init zeros");
            assertThat(text).doesNotContain("goes unnoticed here.");
            // on lecture4's xavier weights nothing goes unnoticed, so no reason is given
            Plan lecture4 = load("specs/lecture4.net");
            assertThat(TextRenderer.render(Mistakes.of(lecture4, Initializer.initialize(lecture4),
                    Examples.seeded(lecture4, 1, 4), "Seed 1."))).doesNotContain("unnoticed");
        } finally {
            java.nio.file.Files.delete(spec);
        }
    }

    @Test
    void theReasonIsTheWrongLinesSameNumbersWhenTheStepIsNotZero() {
        Plan plan = load("specs/lecture4.net");
        Batch batch = Examples.seeded(plan, 1, 4);
        // the correct backprop's ∇h₂ is not zero on lecture4's weights, so the other reason is given
        assertThat(Mistakes.whyUnnoticed(Mutant.NO_TRANSPOSE, plan, Initializer.initialize(plan), batch))
                .contains("the wrong line gives the same numbers");
    }
}
