package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.testing.CliRun;

/** train's flags take the spec's names and the course's train.py spellings, and refuse what the spec refuses. */
class TrainFlagsTest {
    static final String SPEC = TrainCommandTest.SPEC;

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        TrainCommandTest.writeBands(data, 200, 50);
    }

    private static CliRun train(String out, String... flags) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", SPEC, "--data",
                data.toString(), "-e", "1", "-b", "32", "--threads", "1", "--out", tmp.resolve(out).toString()));
        args.addAll(java.util.List.of(flags));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theCourses2026FormsAreAccepted() {
        CliRun r = train("a", "-d", "fashion", "-wd", "0.001", "-wi", "he", "-sz", "16", "8", "-l", "mse",
                "-a", "ReLU", "--seed", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("784-16-8-10 (relu, relu) softmax + squared_error", "decay 0.001", "he init",
                "seed 5");
    }

    @Test
    void annealIsTheSpecsSettingAndTheFlagOverridesIt() throws IOException {
        Path annealing = tmp.resolve("anneal.net");
        Files.writeString(annealing, Files.readString(Path.of(SPEC)).replace("validation 0.1", "validation 0.1\n    anneal true"));
        String[] common = {"train", annealing.toString(), "--data", data.toString(), "-e", "1", "-nhl", "1", "-sz", "8",
                "--threads", "1", "--out", tmp.resolve("an").toString()};
        String annealed = "batch 32, epochs 1, anneal" + System.lineSeparator();
        assertThat(CliRun.of(common).out()).contains(annealed);
        CliRun off = CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--anneal", "false")).toArray(String[]::new));
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.out()).contains("batch 32, epochs 1" + System.lineSeparator()).doesNotContain(annealed);
        assertThat(train("an2", "--anneal").out()).contains(annealed);
        assertThat(train("an3", "--anneal", "true").out()).contains(annealed);
        assertThat(train("an4").out()).doesNotContain("anneal");
    }

    @Test
    void theSpecsNamesAreAcceptedInAnyCase() {
        CliRun r = train("b", "-a", "Logistic", "-l", "Cross_Entropy", "-o", "SGD", "-w_i", "Xavier", "-nhl", "1",
                "-sz", "8", "-w_d", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("784-8-10 (logistic) softmax + cross_entropy", "xavier init", "sgd η=");
    }

    @Test
    void zeroInitTrainsAndKeepsTheHiddenUnitsIdentical() throws IOException {
        CliRun r = train("z", "-wi", "zeros", "-nhl", "1", "-sz", "4", "-a", "sigmoid", "-o", "sgd", "-lr", "0.1");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Matrix> w = Npz.read(tmp.resolve("z/weights.npz"));
        Matrix w1 = w.get("W1");
        for (int i = 1; i < w1.rows; i++) {
            for (int j = 0; j < w1.cols; j++) {
                assertThat(w1.data[i * w1.cols + j]).as("W1[%d,%d]", i, j).isEqualTo(w1.data[j]);
            }
        }
        Matrix w2 = w.get("W2");
        boolean moved = false;
        for (double v : w2.data) moved |= v != 0;
        assertThat(moved).as("training changed W2 (h1 = logistic(0) = 1/2 is not 0, and the output rows see different y)")
                .isTrue();
    }

    @Test
    void aHyperParameterTheOptimizerDoesNotUseIsRefusedAsInASpec() {
        CliRun r = train("c", "-m", "0.9", "-o", "adam");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--momentum does not apply to optimizer adam (it is used by momentum and nag)");
        assertThat(train("d", "-beta1", "0.8", "-o", "rmsprop").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(train("e", "-eps", "1e-7", "-o", "sgd").err()).contains("--epsilon does not apply to optimizer sgd");
    }

    @Test
    void unknownNamesListTheLanguagesNames() {
        CliRun r = train("f", "-a", "swish");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'swish' is not one of logistic, sigmoid, tanh, relu");
        assertThat(train("g", "-sz", "8", "4", "-nhl", "3").err())
                .contains("-sz gives 2 sizes but -nhl asks for 3 hidden layers");
        assertThat(train("h", "-l", "binary_cross_entropy").err()).contains("softmax outputs compete");
        assertThat(train("i", "--seed", "-1").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void evaluateHelpListsOnlyTheFlagsThatShapeTheNetworkAndData() {
        String help = CliRun.of("evaluate", "--help").out();
        assertThat(help).contains("-nhl", "-sz", "-a,", "-l,", "-wd", "-d,", "--data", "--weights");
        // --seed only draws the validation part that --on validation evaluates (train's split), not an init
        assertThat(help).contains("--on=PART", "--seed=S").containsPattern("--seed=S +the seed train was given");
        for (String training : new String[]{"--epochs", "--optimizer", "-lr", "--momentum", "-beta1", "--weight_init",
                "--batch_size"}) {
            assertThat(help).as(training).doesNotContain(training);
        }
    }
}
