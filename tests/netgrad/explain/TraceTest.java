package netgrad.explain;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import netgrad.check.Mutant;
import netgrad.cli.SpecFiles;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.problem.Examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trace's agreement section is a real check: it reports a planted bug as a disagreement with the tape. */
class TraceTest {
    static final Plan LECTURE4 = SpecFiles.load(Path.of("specs/lecture4.net"), new PrintWriter(new StringWriter()));

    @Test
    void correctBackpropAgreesWithTheTape() {
        Trace trace = Trace.of(LECTURE4, Initializer.initialize(LECTURE4), Examples.seeded(LECTURE4, 3), "Seed 3.");
        assertThat(TextRenderer.render(trace.derivation())).contains("Backprop and the tape agree").doesNotContain("DISAGREE");
        assertThat(trace.loss()).isEqualTo(trace.tape().lossValue(), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aPlantedBugShowsAsADisagreementAtTheQuantitiesItBreaks() {
        Parameters theta = Initializer.initialize(LECTURE4);
        Batch example = Examples.seeded(LECTURE4, 3);
        Trace trace = Trace.of(Mutant.G_INSTEAD_OF_G_PRIME.plant(LECTURE4), theta, example, "Seed 3.");
        String text = TextRenderer.render(trace.derivation());
        assertThat(text).contains("Backprop and the tape DISAGREE").contains("run `netgrad verify` on this spec");
        assertThat(text).containsPattern("∇_\\{a₂\\}ℒ +\\[3\\] +relative difference \\d\\.\\de[-+]\\d\\d");
        assertThat(text).containsPattern("∇_\\{a₃\\}ℒ +\\[2\\] +agree\n");
    }

    @Test
    void theAgreementThresholdIsStatedOnce() {
        Trace trace = Trace.of(LECTURE4, Initializer.initialize(LECTURE4), Examples.seeded(LECTURE4, 3), "Seed 3.");
        String text = TextRenderer.render(trace.derivation()).replaceAll("\\s+", " ");
        String threshold = String.format(java.util.Locale.ROOT, "%.0e", Trace.AGREEMENT);
        assertThat(text.split(java.util.regex.Pattern.quote(threshold), -1)).hasSize(2);
        assertThat(text).doesNotContain("1e-12").contains("up to " + threshold + " it is rounding");
    }

    @Test
    void aTraceFollowsExactlyOneExample() {
        assertThatThrownBy(() -> Trace.of(LECTURE4, Initializer.initialize(LECTURE4), Examples.seeded(LECTURE4, 1, 2), ""))
                .hasMessageContaining("one example, not 2");
    }
}
