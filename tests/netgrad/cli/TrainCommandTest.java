package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.data.Idx;
import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.testing.CliRun;

/** train and evaluate run in-process on tiny IDX files of 28×28 images written here (CI has no data set). */
class TrainCommandTest {
    static final String SPEC = "specs/fashion-mlp.net";
    /** Small and fast: one hidden layer of 8 units, one thread; epochs of 360 examples. */
    static final String[] SMALL = {"-nhl", "1", "-sz", "8", "-b", "16", "--threads", "1", "--seed", "3"};

    @TempDir
    Path tmp;
    Path data;


    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private String[] args(String command, String... more) {
        return Stream.of(new String[]{command, SPEC, "--data", data.toString()}, SMALL, more)
                .flatMap(Stream::of).toArray(String[]::new);
    }

    /** Images whose class c is drawn as a bright band in rows 2c..2c+2: learnable in two epochs. */
    static void writeBands(Path dir, int train, int test) throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        for (String part : new String[]{"train", "t10k"}) {
            int n = part.equals("train") ? train : test;
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = random.nextInt(10);
                labels[i] = (byte) c;
                for (int f = 0; f < 784; f++) {
                    int row = f / 28;
                    pixels[i * 784 + f] = (byte) (row >= 2 * c && row < 2 * c + 3 ? 200 + random.nextInt(56) : random.nextInt(40));
                }
            }
            Files.write(dir.resolve(part + "-images-idx3-ubyte"), Idx.imagesFile(n, 28, 28, pixels));
            Files.write(dir.resolve(part + "-labels-idx1-ubyte"), Idx.labelsFile(labels));
        }
    }

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        writeBands(data, 400, 100);
    }

    @Test
    void trainWritesEveryOutputAndEvaluateReproducesTheTestAccuracy() throws IOException {
        Path out = tmp.resolve("run");
        CliRun train = run(args("train", "-e", "3", "-lr", "0.01", "--out", out.toString()));

        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("epoch 1/3", "epoch 3/3", "val loss", "test accuracy", "Ankle boot");
        for (String file : new String[]{"curves.csv", "loss.png", "accuracy.png", "confusion.png", "weights.npz"}) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        assertThat(Files.readAllLines(out.resolve("curves.csv"))).hasSize(4)
                .first().isEqualTo("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds");
        Map<String, Matrix> weights = Npz.read(out.resolve("weights.npz"));
        assertThat(weights.keySet()).containsExactly("W1", "b1", "W2", "b2", "epoch");
        assertThat(weights.get("W1").shape()).isEqualTo("(8x784)");

        String accuracy = train.out().lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow()
                .replaceAll("^test accuracy (\\S+) .*", "$1");
        CliRun evaluate = run("evaluate", SPEC, "--data", data.toString(), "-nhl", "1", "-sz", "8",
                "--weights", out.resolve("weights.npz").toString());
        assertThat(evaluate.code()).as(evaluate.err()).isEqualTo(0);
        assertThat(evaluate.out()).contains("test accuracy " + accuracy);
        assertThat(Double.parseDouble(accuracy.replace("%", ""))).isGreaterThan(90);
    }

    /** The epoch of the best validation accuracy in curves.csv (ties: the lower loss, then the earlier epoch). */
    static int bestInCurves(Path curves) throws IOException {
        int best = 0;
        double bestAccuracy = -1;
        double bestLoss = 0;
        for (String line : Files.readAllLines(curves).subList(1, Files.readAllLines(curves).size())) {
            String[] f = line.split(",");
            double loss = Double.parseDouble(f[3]);
            double accuracy = Double.parseDouble(f[4]);
            if (accuracy > bestAccuracy || accuracy == bestAccuracy && loss < bestLoss) {
                best = Integer.parseInt(f[0]);
                bestAccuracy = accuracy;
                bestLoss = loss;
            }
        }
        return best;
    }

    @Test
    void trainKeepsTheBestValidationEpochAndEvaluateNamesItAndReproducesItsValidationCount() throws IOException {
        Path out = tmp.resolve("best");
        CliRun train = run(args("train", "-e", "4", "-lr", "0.003", "--out", out.toString()));
        assertThat(train.code()).as(train.err()).isEqualTo(0);

        int best = bestInCurves(out.resolve("curves.csv"));
        String recorded = Files.readAllLines(out.resolve("curves.csv")).get(best).split(",")[4];
        assertThat(train.out()).contains("keeping the best-validation epoch")
                .contains("kept epoch " + best + " of 4, the best validation accuracy: ")
                .contains("weights of epoch " + best + ";");
        assertThat(Npz.read(out.resolve("weights.npz")).get("epoch").data).containsExactly(best);

        CliRun evaluate = run("evaluate", SPEC, "--data", data.toString(), "-nhl", "1", "-sz", "8", "--seed", "3",
                "--on", "validation", "--weights", out.resolve("weights.npz").toString());
        assertThat(evaluate.code()).as(evaluate.err()).isEqualTo(0);
        long correct = Math.round(Double.parseDouble(recorded) * 40);     // 10% of 400 held out
        assertThat(evaluate.out()).contains(String.format(java.util.Locale.ROOT, "validation accuracy %.2f%% (%d of 40)",
                100.0 * correct / 40, correct)).contains(", weights of epoch " + best + System.lineSeparator());
    }

    @Test
    void keepLastKeepsTheLastEpoch() throws IOException {
        Path out = tmp.resolve("last");
        CliRun train = run(args("train", "-e", "3", "--keep", "last", "--out", out.toString()));
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("keeping the last epoch").contains("kept epoch 3 of 3, the last: validation");
        assertThat(Npz.read(out.resolve("weights.npz")).get("epoch").data).containsExactly(3);
    }

    @Test
    void withoutAValidationSetTheLastEpochIsKeptAndKeepBestIsAUsageError() throws IOException {
        Path spec = tmp.resolve("noval.net");
        Files.writeString(spec, Files.readString(Path.of(SPEC)).replace("validation 0.1", "validation 0"));
        String[] common = {"train", spec.toString(), "--data", data.toString(), "-nhl", "1", "-sz", "8", "-e", "1",
                "--threads", "1", "--out", tmp.resolve("nv").toString()};
        CliRun plain = run(common);
        assertThat(plain.code()).as(plain.err()).isEqualTo(0);
        assertThat(plain.out()).contains("kept epoch 1 of 1, the last").doesNotContain("validation accuracy");

        CliRun best = run(Stream.concat(Stream.of(common), Stream.of("--keep", "best")).toArray(String[]::new));
        assertThat(best.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(best.err()).contains("--keep best chooses by validation accuracy, but this run has no validation set");
        CliRun evaluate = run("evaluate", spec.toString(), "--data", data.toString(), "-nhl", "1", "-sz", "8",
                "--on", "validation", "--weights", tmp.resolve("nv/weights.npz").toString());
        assertThat(evaluate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(evaluate.err()).contains("holds out no validation part");
        assertThat(run(args("train", "--keep", "first")).code()).isEqualTo(ExitCodes.USAGE);
        CliRun anneal = run(Stream.concat(Stream.of(common), Stream.of("--anneal")).toArray(String[]::new));
        assertThat(anneal.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(anneal.err()).contains("--anneal watches the validation loss, but this run has no validation set");
    }

    @Test
    void annealPrintsEachHalvingAfterAnEpochWhoseValidationLossWentUp() throws IOException {
        Path labels = data.resolve("train-labels-idx1-ubyte");   // 30% of the labels random: the net overfits them
        byte[] idx = Files.readAllBytes(labels);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 8; i < idx.length; i++) {                      // after the 8-byte IDX header
            if (random.nextDouble() < 0.3) idx[i] = (byte) random.nextInt(10);
        }
        Files.write(labels, idx);
        Path out = tmp.resolve("anneal");
        CliRun train = run(args("train", "-e", "10", "-lr", "0.05", "--anneal", "--out", out.toString()));
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("batch 16, epochs 10, anneal" + System.lineSeparator());

        List<String> rows = Files.readAllLines(out.resolve("curves.csv"));
        List<String> expected = new java.util.ArrayList<>();
        double eta = 0.05;
        for (int e = 2; e < rows.size() - 1; e++) {               // not after the last epoch
            double loss = Double.parseDouble(rows.get(e).split(",")[3]);
            double previous = Double.parseDouble(rows.get(e - 1).split(",")[3]);
            if (loss > previous) {
                eta /= 2;
                expected.add(netgrad.train.ConsoleProgress.annealLine(loss, previous, eta));
            }
        }
        assertThat(expected).as("epochs whose validation loss went up, in " + rows).isNotEmpty();
        assertThat(train.out().lines().filter(l -> l.contains("η halved")).toList()).isEqualTo(expected);
    }

    @Test
    void theSameSeedWritesTheSameWeights() throws IOException {
        run(args("train", "-e", "2", "--out", tmp.resolve("a").toString()));
        run(args("train", "-e", "2", "--out", tmp.resolve("b").toString()));
        Map<String, Matrix> a = Npz.read(tmp.resolve("a/weights.npz"));
        Map<String, Matrix> b = Npz.read(tmp.resolve("b/weights.npz"));
        for (String name : a.keySet()) {
            assertThat(b.get(name).data).as(name).isEqualTo(a.get(name).data);
        }
    }

    @Test
    void aMissingDataSetSaysHowToInstallItAndExits65() {
        CliRun r = run("train", SPEC, "--data", tmp.resolve("nowhere").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("sudo apt-get install dataset-fashion-mnist").contains("--data DIR")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void aCorruptDataFileIsOneLineAndExits65() throws IOException {
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), Idx.imagesFile(0, 28, 28, new byte[0]));
        CliRun r = run(args("train"));
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("t10k-labels-idx1-ubyte: bad magic number 0x00000803").hasLineCount(1);
    }

    @Test
    void aHugeLearningRateDivergesExits1AndKeepsWeights() {
        Path out = tmp.resolve("diverged");
        CliRun r = run(args("train", "-e", "2", "-o", "sgd", "-lr", "1e300", "--out", out.toString()));
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("training diverged").contains("epoch 1, step").contains("layer")
                .contains("smaller learning rate").doesNotContain("Exception");
        assertThat(out.resolve("weights.npz")).isNotEmptyFile();
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(run(args("train", "-e", "0")).code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(args("train", "-o", "adagrad")).code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(args("train", "--threads", "0")).code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void assignmentStyleFlagsReachThePlanAndTraining() {
        CliRun r = run(args("train", "-o", "nag", "-m", "0.5", "-lr", "0.05", "-a", "sigmoid", "-w_i", "Xavier",
                "-w_d", "0.001", "-l", "mean_squared_error", "-e", "1", "--out", tmp.resolve("f").toString()));
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("784-8-10 (logistic) softmax + squared_error, decay 0.001, xavier init, seed 3"
                + System.lineSeparator() + "  nag η=0.05 γ=0.5, batch 16, epochs 1");
    }

    @Test
    void evaluateRefusesWeightsOfAnotherShape() throws IOException {
        Path w = tmp.resolve("w.npz");
        Npz.write(w, Map.of("W1", new Matrix(8, 783)));
        CliRun r = run("evaluate", SPEC, "--data", data.toString(), "-nhl", "1", "-sz", "8", "--weights", w.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("W1 has shape (8x783) but fashion_mlp needs (8x784)");
    }

    @Test
    void evaluateOfAMissingWeightsFileExits65() {
        CliRun r = run("evaluate", SPEC, "--data", data.toString(), "--weights", tmp.resolve("none.npz").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("none.npz: no such file");
    }
}
