package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.testing.CliRun;

/** {@code train --precision float32} on the tiny IDX files of {@link TrainCommandTest}. */
class TrainFloat32CommandTest {
    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        TrainCommandTest.writeBands(data, 400, 100);
    }

    private String[] args(String spec, String... more) {
        return Stream.of(new String[]{"train", spec, "--data", data.toString()}, TrainCommandTest.SMALL, more)
                .flatMap(Stream::of).toArray(String[]::new);
    }

    @Test
    void float32TrainingSaysSoAndWritesFloat32WeightsThatEvaluateReproduces() throws IOException {
        Path out = tmp.resolve("run");
        CliRun train = CliRun.of("train", TrainCommandTest.SPEC, "--data", data.toString(), "-nhl", "1", "-sz", "8",
                "-b", "16", "--seed", "3", "--threads", "2", "-e", "3", "-lr", "0.01", "--precision", "float32",
                "--out", out.toString());
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("precision float32", "epoch 3/3", "test accuracy");
        Map<String, Matrix> weights = Npz.read(out.resolve("weights.npz"));
        assertThat(weights.keySet()).containsExactly("W1", "b1", "W2", "b2", "epoch");   // epoch: which θ was kept
        for (Matrix m : weights.values()) {
            for (double v : m.data) assertThat((double) (float) v).isEqualTo(v);
        }
        String accuracy = train.out().lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow()
                .replaceAll("^test accuracy (\\S+) .*", "$1");
        CliRun evaluate = CliRun.of("evaluate", TrainCommandTest.SPEC, "--data", data.toString(), "-nhl", "1", "-sz", "8",
                "--weights", out.resolve("weights.npz").toString());
        assertThat(evaluate.code()).as(evaluate.err()).isEqualTo(0);
        assertThat(evaluate.out()).contains("test accuracy " + accuracy);
        assertThat(Double.parseDouble(accuracy.replace("%", ""))).isGreaterThan(90);
    }

    @Test
    void float64IsTheDefaultAndSaysSo() {
        CliRun train = CliRun.of(args(TrainCommandTest.SPEC, "-e", "1", "--out", tmp.resolve("d").toString()));
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("engine backprop, precision float64, 1 thread(s)");
    }

    @Test
    void batchNormAndDropoutAreRefusedInOneLineWithExit2() {
        CliRun r = CliRun.of("train", "specs/fashion-bn-dropout.net", "--data", data.toString(), "--precision", "float32");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).hasLineCount(1)
                .isEqualTo("netgrad train: specs/fashion-bn-dropout.net:6:3: --precision float32 cannot train batch norm"
                        + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theTapeAndAnUnknownPrecisionAreUsageErrors() {
        CliRun tape = CliRun.of(args(TrainCommandTest.SPEC, "--precision", "float32", "--engine", "tape"));
        assertThat(tape.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tape.err()).isEqualTo("netgrad train: --precision float32 runs its own backprop, not --engine tape"
                + " (float64 only)" + System.lineSeparator());
        CliRun half = CliRun.of(args(TrainCommandTest.SPEC, "--precision", "float16"));
        assertThat(half.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(half.err()).contains("'float16' is not a precision (float64 or float32)");
    }
}
