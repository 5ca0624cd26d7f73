package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.testing.CliRun;

/** init zeros works end to end, and verify and explain --trace show the symmetry it cannot break; verify's flags. */
class ZeroInitTest {
    static final String ZEROS = "network zeros {\n input 4\n hidden 3 logistic\n hidden 2 tanh\n output 2 softmax\n"
            + " loss cross_entropy\n init zeros\n}\n";

    @TempDir
    Path dir;

    private String spec(String text) throws IOException {
        Path file = dir.resolve("zeros.net");
        Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void verifyAgreesAndNamesTheEqualGradientRows() throws IOException {
        // zero weights hide mistakes that only show through W_k (k ≥ 2): everything agrees, yet inconclusive
        CliRun r = CliRun.of("verify", spec(ZEROS));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(r.out()).contains("verdict: INCONCLUSIVE");
        assertThat(r.out()).contains("symmetry: layer 1's 3 units start identical; the rows of ∇W_1 are equal",
                "symmetry: layer 2's 2 units start identical; the rows of ∇W_2 are equal");
    }

    @Test
    void traceHasASymmetrySectionOnlyWhenUnitsAreIdentical() throws IOException {
        CliRun r = CliRun.of("explain", spec(ZEROS), "--trace");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Symmetry: identical units stay identical",
                "Layer 1: its 3 units are identical; the 3 rows of ∇_{W₁}ℒ are equal");
        CliRun xavier = CliRun.of("explain", spec(ZEROS.replace("init zeros", "init xavier seed 4")), "--trace");
        assertThat(xavier.out()).doesNotContain("Symmetry");
        assertThat(CliRun.of("verify", spec(ZEROS.replace("init zeros", "init xavier seed 4"))).out())
                .doesNotContain("symmetry:");
    }

    @Test
    void verifyTakesOneSpecANonNegativeSeedAndAnExistingDumpDirectory() {
        CliRun two = CliRun.of("verify", "specs/xor.net", "specs/binary.net");
        assertThat(two.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err()).contains("verify takes one spec (got 2)");
        CliRun seed = CliRun.of("verify", "specs/xor.net", "--seed", "-1");
        assertThat(seed.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(seed.err()).contains("--seed must be 0 or more");
        Path dump = dir.resolve("typo/d.npz");
        CliRun missing = CliRun.of("verify", "specs/xor.net", "--dump", dump.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains(dump.getParent() + ": no such directory");
        assertThat(dir.resolve("typo")).doesNotExist();
    }
}
