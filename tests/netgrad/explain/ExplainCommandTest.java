package netgrad.explain;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.cli.ExitCodes;
import netgrad.cli.SpecFiles;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;

import static org.assertj.core.api.Assertions.assertThat;
import netgrad.testing.CliRun;

/** {@code netgrad explain}'s options and its messages for bad input. */
class ExplainCommandTest {
    static final String LECTURE4 = "specs/lecture4.net";

    @Test
    void invalidSpecExits65WithTheDiagnostic(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad.net");
        Files.writeString(spec, "network bad {\n  input 3\n  hidden 4 sigmod\n}\n");
        CliRun run = CliRun.of("explain", spec.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("bad.net:3:").contains("error");
    }

    @Test
    void traceAndMistakesTogetherAreAUsageError() {
        CliRun run = CliRun.of("explain", LECTURE4, "--trace", "--mistakes");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("choose one of --trace and --mistakes");
    }

    @Test
    void exampleOptionsWithoutTraceOrMistakesAreAUsageErrorNotIgnored() {
        for (String[] options : new String[][] {{"--weights", "w.npz"}, {"--example", "e.npz"}, {"--seed", "3"}}) {
            CliRun r = CliRun.of("explain", LECTURE4, options[0], options[1]);
            assertThat(r.code()).as(options[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains(options[0] + " goes with --trace or --mistakes");
            assertThat(r.out()).isEmpty();
        }
        assertThat(CliRun.of("explain", LECTURE4, "--trace", "--seed", "3").code()).isZero();
    }

    @Test
    void unknownFormatIsAUsageError() {
        assertThat(CliRun.of("explain", LECTURE4, "--format", "pdf").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void weightsFromANpzFileGiveTheSameNumbersAsTheSeededInit(@TempDir Path dir) throws IOException {
        Plan plan = SpecFiles.load(Path.of(LECTURE4), new PrintWriter(new StringWriter()));
        Path weights = dir.resolve("w.npz");
        Npz.write(weights, WeightFiles.entries(Initializer.initialize(plan)));
        String seeded = CliRun.of("explain", LECTURE4, "--trace").out();
        CliRun fromFile = CliRun.of("explain", LECTURE4, "--trace", "--weights", weights.toString());
        assertThat(fromFile.code()).isZero();
        assertThat(numbers(fromFile.out())).isEqualTo(numbers(seeded));
        assertThat(fromFile.out()).contains("weights from " + weights);
    }

    @Test
    void weightsWithTheWrongShapeOrMissingExit65(@TempDir Path dir) throws IOException {
        Plan plan = SpecFiles.load(Path.of(LECTURE4), new PrintWriter(new StringWriter()));
        Map<String, Matrix> arrays = new LinkedHashMap<>(WeightFiles.entries(Initializer.initialize(plan)));
        arrays.put("W2", new Matrix(3, 4));
        Path weights = dir.resolve("w.npz");
        Npz.write(weights, arrays);
        CliRun wrongShape = CliRun.of("explain", LECTURE4, "--trace", "--weights", weights.toString());
        assertThat(wrongShape.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(wrongShape.err()).contains("'W2' has shape (3x4) but the network needs (3x3)");

        CliRun missing = CliRun.of("explain", LECTURE4, "--trace", "--weights", dir.resolve("none.npz").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("none.npz: no such file");
    }

    @Test
    void weightsWithANaNOrAnUnknownArrayExit65LikeVerify(@TempDir Path dir) throws IOException {
        Plan plan = SpecFiles.load(Path.of(LECTURE4), new PrintWriter(new StringWriter()));
        Map<String, Matrix> arrays = new LinkedHashMap<>(WeightFiles.entries(Initializer.initialize(plan)));
        arrays.get("W1").set(0, 1, Double.NaN);
        Path nan = dir.resolve("nan.npz");
        Npz.write(nan, arrays);
        for (String command : new String[] {"explain", "graph"}) {
            CliRun r = command.equals("explain") ? CliRun.of(command, LECTURE4, "--trace", "--weights", nan.toString())
                    : CliRun.of(command, LECTURE4, "--level", "ops", "--weights", nan.toString());
            assertThat(r.code()).as(command).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).as(command).contains("'W1' entry [0,1] is NaN, not a finite number");
        }

        arrays = new LinkedHashMap<>(WeightFiles.entries(Initializer.initialize(plan)));
        arrays.put("W9", new Matrix(1, 1));
        Path extra = dir.resolve("extra.npz");
        Npz.write(extra, arrays);
        CliRun r = CliRun.of("explain", LECTURE4, "--trace", "--weights", extra.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("unexpected array 'W9'");
    }

    @Test
    void weightsThatMakeTheLossNonFiniteExit65InsteadOfATraceOfNaNs(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.net");
        Files.writeString(huge, "network huge {\n  input 2\n  output 2 softmax\n  loss cross_entropy\n"
                + "  init random scale 1e308 seed 1\n}\n");
        for (String[] args : new String[][] {{"explain", huge.toString(), "--trace"}, {"explain", huge.toString(), "--mistakes"},
                {"graph", huge.toString(), "--level", "ops"}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).as(String.join(" ", args)).contains("the loss L is NaN").contains("init scale");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anExampleFileGivesXAndTheClass(@TempDir Path dir) throws IOException {
        Path example = dir.resolve("e.npz");
        Map<String, Matrix> arrays = new LinkedHashMap<>();
        arrays.put("x", Matrix.column(0.5, -1, 2, 0.25));
        arrays.put("y", Matrix.column(1));
        Npz.write(example, arrays);
        CliRun run = CliRun.of("explain", LECTURE4, "--trace", "--example", example.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("e(y), y = 1").contains("[0.5000, -1.000, 2.000, 0.2500]");

        arrays.put("y", Matrix.column(7));
        Npz.write(example, arrays);
        CliRun bad = CliRun.of("explain", LECTURE4, "--trace", "--example", example.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).contains("y = 7.0 is not a class in 0..1");
    }

    @Test
    void outputOptionWritesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.md");
        CliRun run = CliRun.of("explain", LECTURE4, "--format", "markdown", "-o", file.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(CliRun.of("explain", LECTURE4, "--format",
                "markdown").out());
    }

    @Test
    void outputIntoAMissingDirectoryIsRefusedAndCreatesNothing(@TempDir Path dir) {
        Path file = dir.resolve("typo/sub/out.md");
        CliRun run = CliRun.of("explain", LECTURE4, "-o", file.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(file.getParent() + ": no such directory");
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void batchNormAndDropoutAreDerivedAndTracedOnABatch() {
        for (String spec : new String[] {"specs/batchnorm.net", "specs/dropout.net", "specs/bn-dropout.net"}) {
            CliRun derivation = CliRun.of("explain", spec);
            assertThat(derivation.code()).as(spec).isZero();
            assertThat(derivation.err()).isEmpty();
            CliRun trace = CliRun.of("explain", spec, "--trace");
            assertThat(trace.code()).as(spec).isZero();
            assertThat(trace.out()).contains("4 examples (x, y)").contains("drawn with seed 1").contains("B = 4");
        }
        assertThat(CliRun.of("explain", "specs/dropout.net", "--trace").out()).contains("and their dropout masks")
                .contains("m₁, p = 0.25").doesNotContain("μ₁");
        CliRun three = CliRun.of("explain", "specs/batchnorm.net", "--trace", "--batch", "3", "--seed", "2");
        assertThat(three.code()).isZero();
        assertThat(three.out()).contains("3 examples (x, y) drawn with seed 2").contains("B = 3");
    }

    @Test
    void batchUsageErrors() {
        String[][] cases = {
                {"explain", "specs/batchnorm.net", "--batch", "4"},
                {"explain", "specs/batchnorm.net", "--trace", "--batch", "0"},
                {"explain", "specs/batchnorm.net", "--trace", "--batch", "1001"},
                {"explain", "specs/batchnorm.net", "--trace", "--batch", "1"},
                {"explain", "specs/batchnorm.net", "--mistakes", "--batch", "1"},
                {"explain", "specs/batchnorm.net", "--trace", "--batch", "2", "--example", "e.npz"}};
        String[] messages = {"--batch goes with --trace or --mistakes", "--batch must be a whole number from 1 to 1000",
                "--batch must be a whole number from 1 to 1000", "batch norm needs at least 2 examples",
                "batch norm needs at least 2 examples", "--batch goes with drawn examples"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = CliRun.of(cases[i]);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", cases[i])).contains(messages[i]);
            assertThat(r.out()).isEmpty();
        }
        // dropout alone can follow one example; lecture 4 a batch
        assertThat(CliRun.of("explain", "specs/dropout.net", "--trace", "--batch", "1").out()).contains("B = 1");
        CliRun lecture = CliRun.of("explain", LECTURE4, "--trace", "--batch", "2");
        assertThat(lecture.code()).isZero();
        assertThat(lecture.out()).contains("Worked batch for lecture4").contains("B = 2");
    }

    @Test
    void anExampleFileWithABatchOfColumnsFeedsBatchNorm(@TempDir Path dir) throws IOException {
        Path example = dir.resolve("e.npz");
        Map<String, Matrix> arrays = new LinkedHashMap<>();
        arrays.put("x", Matrix.of(new double[][] {{0.5, -1, 2}, {1, 0, -1}, {0.25, 0.5, 0.75}, {-2, 1, 0}}));
        arrays.put("y", Matrix.of(new double[][] {{0, 2, 1}}));
        Npz.write(example, arrays);
        CliRun run = CliRun.of("explain", "specs/batchnorm.net", "--trace", "--example", example.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 examples (x, y) from " + example).contains("e(y), y = (0, 2, 1)")
                .contains("[0.5000, -1.000, 2.000]").contains("B = 3");

        arrays.put("x", Matrix.column(0.5, -1, 2, 0.25));
        arrays.put("y", Matrix.column(1));
        Npz.write(example, arrays);
        CliRun one = CliRun.of("explain", "specs/batchnorm.net", "--trace", "--example", example.toString());
        assertThat(one.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(one.err()).contains("has 1 example, but batch norm needs at least 2");

        arrays.put("x", Matrix.of(new double[][] {{0.5, -1}, {1, 0}, {0.25, 0.5}, {-2, 1}}));
        arrays.put("y", Matrix.of(new double[][] {{0, 7}}));
        Npz.write(example, arrays);
        CliRun bad = CliRun.of("explain", "specs/batchnorm.net", "--trace", "--example", example.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).contains("column 1: y = 7.0 is not a class in 0..2");
    }

    /** The value lines of a trace. */
    private static java.util.List<String> numbers(String trace) {
        return trace.lines().filter(l -> l.startsWith("        [")).toList();
    }
}
