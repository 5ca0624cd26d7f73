package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import netgrad.check.Engines;
import netgrad.check.Mutant;
import netgrad.check.ReportText;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.model.Initializer;
import netgrad.plan.Plan;
import netgrad.problem.BatchMaker;
import netgrad.testing.CliRun;

class VerifyCommandTest {
    private static final String LECTURE4 = "specs/lecture4.net";
    private static final int PROSE_WIDTH = 100;


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void everyShippedSpecVerifiesGreen() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.walk(Path.of("specs"))) {
            specs = files.filter(p -> p.toString().endsWith(".net")).sorted().toList();
        }
        assertThat(specs).hasSizeGreaterThanOrEqualTo(7);
        for (Path spec : specs) {
            CliRun r = run("verify", spec.toString());
            assertThat(r.code()).as(spec + "\n" + r.out() + r.err()).isZero();
            assertThat(r.out()).as(spec.toString()).containsPattern("verdict: agree. All \\d+ gradients agree")
                    .containsPattern("power: (\\d+) of \\1 planted mistakes caught");
            assertThat(r.out().lines()).as(spec + ": every line fits " + PROSE_WIDTH + " columns")
                    .allMatch(line -> line.codePointCount(0, line.length()) <= PROSE_WIDTH);
            assertThat(r.out().lines().filter(line -> line.startsWith("∇") || line.startsWith("step ")))
                    .as(spec + ": the step table fits 80 columns")
                    .allMatch(line -> line.codePointCount(0, line.length()) <= 80);
        }
    }

    @Test
    void reportListsTheStepsInTheOrderBackPropagationComputesThem() {
        CliRun r = run("verify", LECTURE4);
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> steps = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("∇")) {
                steps.add(line.split("\\s+")[0] + " " + line.split("\\s+")[2]);
            }
        }
        assertThat(steps).containsExactly("∇a_3 (2x4)", "∇W_3 (2x3)", "∇b_3 (2x1)", "∇h_2 (3x4)", "∇a_2 (3x4)",
                "∇W_2 (3x3)", "∇b_2 (3x1)", "∇h_1 (3x4)", "∇a_1 (3x4)", "∇W_1 (3x4)", "∇b_1 (3x1)");
        assertThat(r.out()).contains("35 parameters, batch of 4 examples; mode full")
                .contains("ε = 1e-06").contains("loss L: backprop").contains("All 11 gradients agree (91 entries compared");
    }

    @Test
    void firstWrongStepNamesFormulaLayerAndSpecLine() {
        StringWriter err = new StringWriter();
        Plan plan = SpecFiles.load(Path.of(LECTURE4), new PrintWriter(err));
        VerifyReport report = Engines.verify(Mutant.NO_TRANSPOSE.plant(plan), Initializer.initialize(plan),
                BatchMaker.make(plan, 4, 1), Verifier.Options.defaults());
        String text = ReportText.render(report);
        assertThat(report.agrees()).isFalse();
        assertThat(text).contains("FIRST WRONG STEP: ∇h_2 = W_3ᵀ ∇a_3   (loop iteration k = 3, layer 3, specs/lecture4.net:6)")
                .contains("the bug is in backprop");
        assertThat(text.lines().filter(line -> !line.startsWith("∇") && !line.startsWith("step ")))
                .allMatch(line -> line.codePointCount(0, line.length()) <= PROSE_WIDTH);
    }

    @Test
    void jsonReportIsMachineReadable() throws IOException {
        CliRun r = run("verify", LECTURE4, "--json");
        assertThat(r.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("agree").asBoolean()).isTrue();
        assertThat(json.get("first_wrong_step").isNull()).isTrue();
        assertThat(json.get("mode").asText()).isEqualTo("full");
        assertThat(json.get("steps")).hasSize(11);
        assertThat(json.get("steps").get(0).get("quantity").asText()).isEqualTo("a3");
        assertThat(json.get("steps").get(3).get("formula").asText()).isEqualTo("∇h_2 = W_3ᵀ ∇a_3");
        assertThat(json.get("steps").get(3).get("line").asInt()).isEqualTo(6);
        assertThat(json.get("loss").get("backprop").asDouble()).isPositive();
    }

    @Test
    void modesAreChosenByFlagsAndStatedInTheReport() {
        assertThat(run("verify", LECTURE4, "--sample", "3").out()).contains("mode sampled (3 entries per quantity, seeded");
        CliRun directional = run("verify", LECTURE4, "--mode", "directional");
        assertThat(directional.code()).isZero();
        assertThat(directional.out()).contains("mode directional").contains("along a unit direction u");
        assertThat(run("verify", "specs/fashion-mlp.net").out()).contains("mode sampled (200 entries per quantity");
    }

    @Test
    void dumpWritesWeightsInputsAndTheThreeGradientsForNumPy(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("lecture4.npz");
        CliRun r = run("verify", LECTURE4, "--dump", dump.toString());
        assertThat(r.code()).isZero();
        Map<String, Matrix> arrays = Npz.read(dump);
        assertThat(arrays).containsKeys("W1", "b3", "x", "y", "backprop_W1", "tape_W1", "fd_W1", "backprop_a3", "fd_h2");
        assertThat(arrays.get("x").rows).isEqualTo(4);
        Matrix bp = arrays.get("backprop_W2");
        Matrix fd = arrays.get("fd_W2");
        for (int i = 0; i < bp.size(); i++) {
            assertThat(Math.abs(bp.data[i] - fd.data[i])).isLessThan(1e-8);
        }
    }

    @Test
    void weightsFromAFileReplaceTheSpecsInit(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("d.npz");
        assertThat(run("verify", LECTURE4, "--dump", dump.toString()).code()).isZero();
        Map<String, Matrix> arrays = Npz.read(dump);
        Path weights = dir.resolve("w.npz");
        java.util.LinkedHashMap<String, Matrix> theta = new java.util.LinkedHashMap<>();
        for (String name : List.of("W1", "b1", "W2", "b2", "W3", "b3")) {
            Matrix m = arrays.get(name).copy();
            for (int i = 0; i < m.size(); i++) {
                m.data[i] = m.data[i] * 2 + 0.1;
            }
            theta.put(name, m);
        }
        Npz.write(weights, theta);
        CliRun original = run("verify", LECTURE4, "--json");
        CliRun loaded = run("verify", LECTURE4, "--weights", weights.toString(), "--json");
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).isNotEqualTo(original.out());
        assertThat(loaded.out()).contains("\"agree\": true").contains("\"verdict\": \"agree\"");
    }

    @Test
    void aDumpFileCanBeReadBackAsWeights(@TempDir Path dir) {
        Path dump = dir.resolve("dump.npz");
        assertThat(run("verify", LECTURE4, "--dump", dump.toString()).code()).isZero();
        CliRun again = run("verify", LECTURE4, "--weights", dump.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("All 11 gradients agree");
    }

    @Test
    void badWeightsFilesAreRejectedWithTheEntryNamed(@TempDir Path dir) throws IOException {
        Path wrongShape = dir.resolve("shape.npz");
        Npz.write(wrongShape, Map.of("W1", new Matrix(4, 3)));
        CliRun shape = run("verify", LECTURE4, "--weights", wrongShape.toString());
        assertThat(shape.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(shape.err()).contains("'W1' has shape (4x3) but the network needs (3x4)").doesNotContain("Exception");

        Path unknown = dir.resolve("unknown.npz");
        Npz.write(unknown, Map.of("W9", new Matrix(1, 1)));
        assertThat(run("verify", LECTURE4, "--weights", unknown.toString()).err()).contains("unexpected array 'W9'");

        Path nan = dir.resolve("nan.npz");
        java.util.LinkedHashMap<String, Matrix> theta = new java.util.LinkedHashMap<>();
        int[][] shapes = {{3, 4}, {3, 1}, {3, 3}, {3, 1}, {2, 3}, {2, 1}};
        String[] names = {"W1", "b1", "W2", "b2", "W3", "b3"};
        for (int i = 0; i < names.length; i++) {
            theta.put(names[i], new Matrix(shapes[i][0], shapes[i][1]));
        }
        theta.get("W2").set(1, 2, Double.NaN);
        Npz.write(nan, theta);
        CliRun nanRun = run("verify", LECTURE4, "--weights", nan.toString());
        assertThat(nanRun.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(nanRun.err()).contains("'W2' entry [1,2] is NaN");

        Path notZip = dir.resolve("text.npz");
        Files.writeString(notZip, "hello");
        CliRun text = run("verify", LECTURE4, "--weights", notZip.toString());
        assertThat(text.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(text.err()).contains("not a .npz file");

        CliRun missing = run("verify", LECTURE4, "--weights", dir.resolve("none.npz").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("none.npz: no such file");
    }

    @Test
    void missingOrInvalidSpecExits65WithoutAStackTrace(@TempDir Path dir) throws IOException {
        CliRun missing = run("verify", dir.resolve("nope.net").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("nope.net").doesNotContain("Exception").doesNotContain("\tat ");
        Path bad = dir.resolve("bad.net");
        Files.writeString(bad, "network x {\n  input 3\n  hidden 2 sigmod\n  output 2 softmax\n  loss cross_entropy\n}\n");
        CliRun invalid = run("verify", bad.toString());
        assertThat(invalid.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(invalid.err()).contains("bad.net:3").doesNotContain("Exception");
    }

    @Test
    void weightsWithANonFiniteLossAreRejected(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.net");
        Files.writeString(huge, "network huge {\n  input 3\n  hidden 4 logistic\n  output 2 identity\n  loss squared_error\n"
                + "  init random scale 1e200 seed 1\n}\n");
        CliRun r = run("verify", huge.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("the loss L is Infinity").doesNotContain("Exception");
    }

    @Test
    void selfTestPassesOnEveryShippedSpec() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("specs"))) {
            for (Path spec : files.filter(p -> p.toString().endsWith(".net")).sorted().toList()) {
                CliRun r = run("verify", spec.toString(), "--self-test");
                assertThat(r.code()).as(spec + "\n" + r.out()).isZero();
                assertThat(r.out()).as(spec.toString()).doesNotContain("MISSED").containsPattern("\\b(\\d+) of \\1 planted mistakes caught");
                assertThat(r.out().lines()).allMatch(line -> line.codePointCount(0, line.length()) <= PROSE_WIDTH);
            }
        }
    }

    @Test
    void nonsensicalFlagsExit2WithOneLine() {
        for (String[] args : List.of(new String[] {"--batch", "0"}, new String[] {"--batch", "100000000"}, new String[] {"--step", "-1"}, new String[] {"--step", "abc"},
                new String[] {"--mode", "fast"}, new String[] {"--sample", "0"}, new String[] {"--floor", "-1"},
                new String[] {"--tol-fd", "0"}, new String[] {"--sweep", "--self-test"}, new String[] {"--sweep", "--json"},
                new String[] {"--mode", "full", "--sample", "4"}, new String[] {"--bogus"}, new String[] {"--step", "1e-300"},
                new String[] {"--step", "1e-14"}, new String[] {"--step", "0.1"}, new String[] {"--mode", "taylor", "--json"})) {
            List<String> all = new ArrayList<>(List.of("verify", LECTURE4));
            all.addAll(List.of(args));
            CliRun r = run(all.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("netgrad").doesNotContain("Exception");
        }
    }

    @Test
    void selfTestCatchesEveryPlantedBugAtItsStep() {
        CliRun r = run("verify", LECTURE4, "--self-test");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("correct backprop: all gradients agree").contains("12 of 12 planted mistakes caught")
                .doesNotContain("MISSED");
    }

    @Test
    void sweepShowsTheErrorForTenSteps() {
        CliRun r = run("verify", LECTURE4, "--sweep");
        assertThat(r.code()).isZero();
        long rows = r.out().lines().filter(l -> l.matches("1e-\\d\\d\\s.*")).count();
        assertThat(rows).isEqualTo(10);
        assertThat(r.out()).contains("← default").contains("← smallest error");
        assertThat(r.out().lines()).allMatch(line -> line.codePointCount(0, line.length()) <= PROSE_WIDTH);
    }
}
