package netgrad.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Initializer;
import netgrad.plan.Compiler;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

/**
 * {@code netgrad export} without Python: the golden scripts of lecture 4 and of bn-dropout (batch norm and dropout),
 * every shipped spec, and bad input. After an intended change of the script, regenerate the golden files with
 * {@code mvn -o test -Dtest='netgrad.export.**' -Dnetgrad.regenerate=true} and review the diff.
 */
class ExportCommandTest {
    static final boolean REGENERATE = Boolean.getBoolean("netgrad.regenerate");
    static final Path GOLDEN = Path.of("tests/netgrad/export/lecture4.py.golden");
    static final Path GOLDEN_BN_DROPOUT = Path.of("tests/netgrad/export/bn-dropout.py.golden");

    @TempDir
    Path tmp;

    /** The shipped specs without batch norm or dropout. */
    static Stream<Path> plainSpecs() throws IOException {
        return specs().filter(p -> !plan(p).couplesExamples());
    }

    /** The shipped specs with batch norm or dropout. */
    static Stream<Path> coupledSpecs() throws IOException {
        return specs().filter(p -> plan(p).couplesExamples());
    }

    /** Every shipped spec. */
    static Stream<Path> specs() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("specs"))) {
            return files.filter(p -> p.toString().endsWith(".net")).sorted().toList().stream();
        }
    }

    static Plan plan(Path spec) {
        return Compiler.load(spec).plan();
    }

    @Test
    void lecture4ScriptMatchesGoldenFile() throws IOException {
        assertMatchesGolden("specs/lecture4.net", GOLDEN);
    }

    @Test
    void batchNormAndDropoutScriptMatchesGoldenFile() throws IOException {
        assertMatchesGolden("specs/bn-dropout.net", GOLDEN_BN_DROPOUT);
    }

    private void assertMatchesGolden(String spec, Path golden) throws IOException {
        Path script = tmp.resolve("model.py");
        CliRun run = CliRun.of("export", spec, "--to", "pytorch", "-o", script.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        String text = Files.readString(script, StandardCharsets.UTF_8);
        if (REGENERATE) {
            Files.writeString(golden, text, StandardCharsets.UTF_8);
        }
        assertThat(text).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void everyShippedSpecExportsAReadableScript(Path spec) throws IOException {
        Path script = tmp.resolve("model.py");
        CliRun run = CliRun.of("export", spec.toString(), "--to", "pytorch", "-o", script.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + script);
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        assertThat(lines).allSatisfy(line -> assertThat(line.codePointCount(0, line.length()))
                .as(line).isLessThanOrEqualTo(100));
        Plan plan = plan(spec);
        String text = String.join("\n", lines);
        for (Layer layer : plan.layers()) {
            int k = layer.k();
            assertThat(text).contains("self.layer" + k + " = nn.Linear(" + layer.fanIn() + ", " + layer.units() + ")")
                    .contains("# a_" + k + " = b_" + k + " + W_" + k + " h_" + (k - 1));
            if (layer instanceof Layer.Hidden h) {
                // g acts on â_k after batch norm; its output is z_k when dropout follows, else h_k
                String input = h.batchNorm() ? "ahat" + k : "a" + k;
                String output = h.dropout() > 0 ? "z" + k : "h" + k;
                assertThat(text).contains(output + " = " + PyTorchScript.activation(h.activation(), input));
                if (h.batchNorm()) {
                    assertThat(text).contains("self.norm" + k + " = BatchNorm(" + h.units() + ", BATCH_NORM[" + k + "])")
                            .contains("ahat" + k + " = self.norm" + k + "(a" + k + ")")
                            .containsPattern("BATCH_NORM = \\{.*\\b" + k + ": " + PyTorchScript.number(plan.batchNormEps(k)));
                }
                if (h.dropout() > 0) {
                    assertThat(text).contains("self.drop" + k + " = Dropout(DROPOUT[" + k + "], " + k + ")")
                            .contains("h" + k + " = self.drop" + k + "(z" + k + ", masks)")
                            .containsPattern("DROPOUT = \\{.*\\b" + k + ": " + PyTorchScript.number(h.dropout()));
                }
            }
        }
        assertThat(text.contains("class BatchNorm(nn.BatchNorm1d):")).isEqualTo(PyTorchScript.normalises(plan));
        assertThat(text.contains("class Dropout(nn.Module):"))
                .isEqualTo(java.util.stream.IntStream.range(1, plan.depth()).anyMatch(k -> plan.dropout(k) > 0));
        assertThat(text).contains("DECAY = " + PyTorchScript.number(plan.weightDecay()))
                .contains("SEED = " + plan.init().seed())
                .contains("class Optimizer:\n    \"\"\"" + (plan.training().isPresent()
                        ? plan.training().get().optimizer().kind().keyword() : "adam"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coupledSpecs")
    void batchNormAndDropoutExportWithTheirParameterCount(Path spec) {
        Path script = tmp.resolve("model.py");
        CliRun run = CliRun.of("export", spec.toString(), "--to", "pytorch", "-o", script.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains(plan(spec).parameterCount() + " parameters");   // γ_k, β_k counted
        assertThat(script).exists();
    }

    @Test
    void weightsWithoutGammaAreRefusedWithExit65() throws IOException {
        Map<String, Matrix> arrays = new LinkedHashMap<>(WeightFiles.entries(Initializer.initialize(
                plan(Path.of("specs/batchnorm.net")))));
        arrays.remove("gamma2");
        Path weights = tmp.resolve("w.npz");
        Npz.write(weights, arrays);
        CliRun run = CliRun.of("export", "specs/batchnorm.net", "--to", "pytorch", "-o", tmp.resolve("m.py").toString(),
                "--weights", weights.toString());
        assertThat(run.code()).isEqualTo(65);
        assertThat(run.err()).contains("no array 'gamma2'");
        assertThat(tmp.resolve("m.py")).doesNotExist();
    }

    @Test
    void weightsAreCheckedAndTheScriptLoadsThemFromTheirAbsolutePath() throws IOException {
        Path weights = tmp.resolve("w.npz");
        Npz.write(weights, WeightFiles.entries(Initializer.initialize(plan(Path.of("specs/xor.net")))));
        Path script = tmp.resolve("xor.py");
        CliRun run = CliRun.of("export", "specs/xor.net", "--to", "pytorch", "-o", script.toString(),
                "--weights", weights.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("weights from " + weights);
        assertThat(Files.readString(script)).contains("WEIGHTS = \"" + weights.toAbsolutePath() + "\"");
    }

    @Test
    void unknownTargetIsAUsageError() {
        CliRun run = CliRun.of("export", "specs/xor.net", "--to", "tensorflow", "-o", tmp.resolve("m.py").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("netgrad export: unknown target 'tensorflow' for --to (known: pytorch)");
        assertThat(tmp.resolve("m.py")).doesNotExist();
    }

    @Test
    void missingOutputOrTargetIsAUsageError() {
        assertThat(CliRun.of("export", "specs/xor.net", "--to", "pytorch").code()).isEqualTo(2);
        assertThat(CliRun.of("export", "specs/xor.net", "-o", tmp.resolve("m.py").toString()).code()).isEqualTo(2);
    }

    @Test
    void invalidSpecExits65WithItsDiagnostic() throws IOException {
        Path bad = tmp.resolve("bad.net");
        Files.writeString(bad, "network bad {\n  input 2\n  hidden 3 sigmod\n  output 2 softmax\n  loss cross_entropy\n}\n");
        CliRun run = CliRun.of("export", bad.toString(), "--to", "pytorch", "-o", tmp.resolve("m.py").toString());
        assertThat(run.code()).isEqualTo(65);
        assertThat(run.err()).contains("bad.net:3:12: error: unknown activation 'sigmod'");
        assertThat(tmp.resolve("m.py")).doesNotExist();
    }

    @Test
    void missingWeightsFileExits65() {
        CliRun run = CliRun.of("export", "specs/xor.net", "--to", "pytorch", "-o", tmp.resolve("m.py").toString(),
                "--weights", tmp.resolve("none.npz").toString());
        assertThat(run.code()).isEqualTo(65);
        assertThat(run.err().strip()).isEqualTo("netgrad export: " + tmp.resolve("none.npz") + ": no such file");
        assertThat(tmp.resolve("m.py")).doesNotExist();
    }

    @Test
    void unreadableWeightsFileExits65() throws IOException {
        Path junk = tmp.resolve("junk.npz");
        Files.writeString(junk, "not a zip");
        CliRun run = CliRun.of("export", "specs/xor.net", "--to", "pytorch", "-o", tmp.resolve("m.py").toString(),
                "--weights", junk.toString());
        assertThat(run.code()).isEqualTo(65);
        assertThat(run.err()).startsWith("netgrad export: ").contains(junk.toString()).doesNotContain("Exception");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void weightsOfTheWrongShapeExit65NamingTheArray() throws IOException {
        Map<String, Matrix> arrays = new LinkedHashMap<>(WeightFiles.entries(Initializer.initialize(plan(Path.of("specs/xor.net")))));
        arrays.put("W1", new Matrix(4, 3));                                       // xor's W1 is 4×2
        Path weights = tmp.resolve("w.npz");
        Npz.write(weights, arrays);
        CliRun run = CliRun.of("export", "specs/xor.net", "--to", "pytorch", "-o", tmp.resolve("m.py").toString(),
                "--weights", weights.toString());
        assertThat(run.code()).isEqualTo(65);
        assertThat(run.err()).contains("'W1' has shape (4x3) but the network needs (4x2)");
    }

    @Test
    void unwritableOutputFailsWithOneLineAndLeavesNoFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        CliRun run = CliRun.of("export", "specs/xor.net", "--to", "pytorch", "-o", dir.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("netgrad export: cannot write " + dir + ": it is a directory");
    }
}
