package netgrad.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code explain --trace} on a spec whose user-defined derivative is wrong (issue 13): the tape differentiates the
 * definition itself, so the agreement table shows the numbers parting exactly at ∇_{a₁}ℒ = ∇_{h₁}ℒ ⊙ g′(a₁), the
 * step that uses g′, and at the gradients computed from it, while everything after it in the forward order agrees.
 */
class TraceWrongDerivativeTest {
    /** The agreement table's rows: quantity → whether it reads "agree" (equal up to rounding). */
    static Map<String, Boolean> agreement(String trace) {
        Map<String, Boolean> rows = new LinkedHashMap<>();
        String table = trace.substring(trace.indexOf("Agreement with the tape"));
        for (String line : table.split("\n")) {
            String t = line.strip();
            if (t.startsWith("∇") || t.startsWith("ℒ ")) {
                rows.put(t.substring(0, t.indexOf(' ')), t.endsWith("agree"));
            }
        }
        return rows;
    }

    static String trace(Path dir, String derivative) throws IOException {
        String text = Files.readString(Path.of(ActivationChartTest.SWISH));
        Path spec = dir.resolve("swish.net");
        Files.writeString(spec, text.replace(ActivationChartTest.CORRECT, derivative));
        CliRun run = CliRun.of("explain", spec.toString(), "--trace");
        assertThat(run.code()).isZero();
        return run.out();
    }

    @Test
    void wrongDerivativePartsAtTheStepThatUsesIt(@TempDir Path dir) throws IOException {
        String out = trace(dir, ActivationChartTest.FORGOT_PRODUCT_RULE);
        Map<String, Boolean> rows = agreement(out);
        assertThat(rows).containsEntry("ℒ", true).containsEntry("∇_{a₂}ℒ", true).containsEntry("∇_{h₁}ℒ", true)
                .containsEntry("∇_{W₂}ℒ", true).containsEntry("∇_{b₂}ℒ", true);
        assertThat(rows).containsEntry("∇_{a₁}ℒ", false).containsEntry("∇_{W₁}ℒ", false)
                .containsEntry("∇_{b₁}ℒ", false);
        assertThat(out).contains("h₁ = swish(a₁)").contains("∇_{a₁}ℒ = ∇_{h₁}ℒ ⊙ g′(a₁)")
                .contains("Backprop and the tape DISAGREE");
    }

    @Test
    void correctDerivativeAgreesEverywhere(@TempDir Path dir) throws IOException {
        String out = trace(dir, ActivationChartTest.CORRECT);
        assertThat(agreement(out)).hasSize(8).doesNotContainValue(false);
        assertThat(out).doesNotContain("DISAGREE");
    }
}
