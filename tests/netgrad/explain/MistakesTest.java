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
        assertThat(Mistakes.catalogue(load("specs/lecture4.net")).stream().map(Mistakes.Mistake::mutant))
                .containsExactlyInAnyOrder(Mutant.values());
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
}
