package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.testing.CliRun;

/** {@code netgrad problem}: the arrays, what it prints, and the problems it refuses to hand out. */
class ProblemCommandTest {
    @Test
    void writesWbXYAndSaysWhatEachIsAndHowToLoadIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p.npz");
        CliRun r = CliRun.of("problem", "specs/regression.net", "-o", out.toString(), "--batch", "5", "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Matrix> arrays = Npz.read(out);
        assertThat(arrays.keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3", "x", "y");
        assertThat(arrays.get("W1").shape()).isEqualTo("(8x3)");
        assertThat(arrays.get("x").shape()).isEqualTo("(3x5)");
        assertThat(r.out()).contains("W1   (8, 3)").contains("examples as columns").contains("λ = 0.001")
                .contains("np.load(\"p.npz\")").contains("np.savez(\"mine.npz\"").contains("--gradients mine.npz");
        assertThat(r.out().lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);

        CliRun again = CliRun.of("problem", "specs/regression.net", "-o", dir.resolve("q.npz").toString(), "--batch", "5",
                "--seed", "3");
        assertThat(Files.readAllBytes(dir.resolve("q.npz"))).as("bit for bit reproducible").isEqualTo(Files.readAllBytes(out));
        assertThat(again.code()).isZero();
    }

    @Test
    void theRowsLayoutTransposesEverythingAndWritesBiasesAsVectors(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rows.npz");
        CliRun r = CliRun.of("problem", "specs/regression.net", "-o", out.toString(), "--layout", "rows", "--batch", "5");
        assertThat(r.code()).isZero();
        assertThat(Npz.read(out).get("W1").shape()).isEqualTo("(3x8)");
        assertThat(Npz.read(out).get("x").shape()).isEqualTo("(5x3)");
        assertThat(r.out()).contains("b1   (8,)").contains("h_{k−1} @ W_k + b_k").doesNotContain("examples as columns");
    }

    @Test
    void anInconclusiveNetworkIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("tiny.net");
        Files.writeString(spec, "network tiny {\n  input 3\n  hidden 4 tanh\n  output 2 identity\n  loss squared_error\n"
                + "  decay 0.000000001\n  init xavier seed 1\n}\n");
        Path out = dir.resolve("p.npz");
        CliRun r = CliRun.of("problem", spec.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("no conclusive problem in 10 batches").contains("decay-forgotten");
        assertThat(out).doesNotExist();
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path dir) {
        String out = dir.resolve("p.npz").toString();
        assertThat(CliRun.of("problem", "specs/lecture4.net", "-o", out, "--layout", "columns").code()).isEqualTo(2);
        assertThat(CliRun.of("problem", "specs/lecture4.net", "-o", out, "--batch", "0").code()).isEqualTo(2);
        assertThat(CliRun.of("problem", "specs/lecture4.net").code()).isEqualTo(2);
        assertThat(CliRun.of("problem", "specs/nope.net", "-o", out).code()).isEqualTo(65);
    }

    @Test
    void verifyOnAProblemWithoutAnswerChecksItsWeightsAndBatch(@TempDir Path dir) {
        Path out = dir.resolve("p.npz");
        assertThat(CliRun.of("problem", "specs/lecture4.net", "-o", out.toString(), "--batch", "6").code()).isZero();
        CliRun r = CliRun.of("verify", "specs/lecture4.net", "--problem", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("(2x6)");
    }
}
