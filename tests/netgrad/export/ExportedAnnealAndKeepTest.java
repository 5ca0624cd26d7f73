package netgrad.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Initializer;
import netgrad.plan.Compiler;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

/**
 * The script's anneal and kept epoch against {@code netgrad train}, run by Debian's PyTorch (skipped without torch).
 * On the small generated data of {@link ExportedScriptTest#writeData} a network with batch norm and dropout trained
 * by Adam at a large η = 0.2 sees its validation loss go up before the last epoch: both programs halve η after the
 * same epochs and end on the same weights; with the default {@code --keep best} both keep the same earlier epoch
 * (among epochs of equal validation accuracy, the one of lowest validation loss), its weights with batch norm's
 * running statistics, and report its test accuracy.
 */
class ExportedAnnealAndKeepTest {
    static final double TRAJECTORY = ExportedScriptTest.TRAJECTORY;
    /**
     * b_k and μ̄_k of a layer with batch norm drift by rounding noise ({@link ExportedOperationsTest#BIAS_NOISE});
     * after 90 Adam steps of η = 0.2 more than after 18 of 0.01 (measured: |b_1| ≤ 5.9e-9, μ̄_1 apart by 5.3e-9).
     */
    static final double BIAS_NOISE = 1e-7;
    static final int EPOCHS = 10;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTorch() {
        Python.assumeTorch();
    }

    /** One hidden layer of 8 {@code hidden} (an activation and its batch norm and dropout), anneal true. */
    private Path spec(String hidden) throws IOException {
        Path spec = tmp.resolve("anneal.net");
        Files.writeString(spec, "network anneal {\n  input 784\n  hidden 8 " + hidden + "\n  output 10 softmax\n"
                + "  loss cross_entropy\n  decay 0.001\n  init xavier seed 5\n  train {\n    optimizer adam\n"
                + "    learning_rate 0.2\n    batch_size 16\n    epochs " + EPOCHS + "\n    anneal true\n  }\n}\n");
        return spec;
    }

    /** The script of {@code spec} starting from netgrad's initial weights. */
    private Path export(Path spec) throws IOException {
        Path init = tmp.resolve("init.npz");
        Npz.write(init, WeightFiles.entries(Initializer.initialize(Compiler.load(spec).plan())));
        Path script = tmp.resolve("anneal.py");
        CliRun run = CliRun.of("export", spec.toString(), "--to", "pytorch", "-o", script.toString(),
                "--weights", init.toString());
        assertThat(run.code()).as(run.err()).isZero();
        return script;
    }

    private static List<String> lines(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).toList();
    }

    @Test
    void annealHalvesEtaAfterTheSameEpochsAsNetgradTrainAndEndsOnItsWeights() throws IOException {
        Path data = ExportedScriptTest.writeData(tmp.resolve("data"), 150, 40);
        Path spec = spec("relu batchnorm dropout 0.3");
        Path script = export(spec);
        Path saved = tmp.resolve("torch.npz");
        Python run = Python.script(script, "--data", data.toString(), "--keep", "last", "--save", saved.toString());
        assertThat(run.code()).as(run.both()).isZero();
        Path out = tmp.resolve("run");
        CliRun train = CliRun.of("train", spec.toString(), "--data", data.toString(), "--threads", "1",
                "--keep", "last", "--out", out.toString());                  // the weights of the annealed epochs
        assertThat(train.code()).as(train.err()).isZero();

        List<String> halved = lines(train.out(), "  val loss went up (");
        assertThat(halved).as("netgrad train halves η before the last epoch:\n" + train.out()).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("): η halved to "));
        assertThat(lines(run.out(), "  val loss went up (")).as(run.out()).isEqualTo(halved);
        assertThat(run.out()).contains(", anneal\n");
        assertThat(lines(run.out(), "epoch ")).hasSize(EPOCHS);
        ExportedOperationsTest.assertSameWeights(Compiler.load(spec).plan(), Npz.read(saved),
                Npz.read(out.resolve("weights.npz")), BIAS_NOISE);
        assertThat(run.out()).contains(ExportedScriptTest.testAccuracy(train.out()));

        Path steady = tmp.resolve("steady.npz");                             // the spec's anneal overridden
        Python plain = Python.script(script, "--data", data.toString(), "--no-anneal", "--keep", "last",
                "--save", steady.toString());
        assertThat(plain.code()).as(plain.both()).isZero();
        assertThat(plain.out()).doesNotContain("halved").doesNotContain(", anneal\n");
        assertThat(ExportedScriptTest.worstRelative(ExportedScriptTest.parameters(Npz.read(steady)),
                ExportedScriptTest.parameters(Npz.read(saved)))).as("η's halving changes the weights")
                .isGreaterThan(1e-3);
    }

    @Test
    void keepBestKeepsTheBestValidationEpochOfNetgradTrainItsWeightsAndTestAccuracy() throws IOException {
        Path data = ExportedScriptTest.writeData(tmp.resolve("data"), 150, 40);
        Path spec = spec("tanh batchnorm dropout 0.2");
        Path saved = tmp.resolve("torch.npz");
        Python run = Python.script(export(spec), "--data", data.toString(), "--save", saved.toString());
        assertThat(run.code()).as(run.both()).isZero();
        Path out = tmp.resolve("run");
        CliRun train = CliRun.of("train", spec.toString(), "--data", data.toString(), "--threads", "1",
                "--out", out.toString());                                   // netgrad's default: --keep best
        assertThat(train.code()).as(train.err()).isZero();

        Map<String, Matrix> weights = Npz.read(out.resolve("weights.npz"));
        int kept = (int) weights.get(WeightFiles.EPOCH).data[0];
        assertThat(kept).as("netgrad keeps an epoch before the last:\n" + train.out()).isBetween(1, EPOCHS - 1);
        List<String> accuracies = validationAccuracies(train.out());
        assertThat(accuracies.stream().filter(a -> a.equals(accuracies.get(kept - 1))).count())
                .as("another epoch ties with the kept one on validation accuracy: the loss decided").isGreaterThan(1);
        assertThat(run.out()).contains("keeping the best-validation epoch");
        assertThat(validationAccuracies(run.out())).isEqualTo(accuracies);
        List<String> keptLine = lines(train.out(), "kept epoch ");
        assertThat(keptLine).hasSize(1);
        assertThat(keptLine.get(0)).startsWith("kept epoch " + kept + " of " + EPOCHS + ", the best validation");
        assertThat(lines(run.out(), "kept epoch ")).isEqualTo(keptLine);
        ExportedOperationsTest.assertSameWeights(Compiler.load(spec).plan(), Npz.read(saved), weights, BIAS_NOISE);

        String accuracy = ExportedScriptTest.testAccuracy(run.out());
        assertThat(accuracy).isEqualTo(ExportedScriptTest.testAccuracy(train.out()))
                .endsWith(", weights of epoch " + kept);
        assertThat(run.out()).contains("wrote " + saved + " (the weights of epoch " + kept + ")");
        CliRun evaluate = CliRun.of("evaluate", spec.toString(), "--data", data.toString(), "--weights", saved.toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains(accuracy);                       // the saved weights are the kept ones
    }

    /** Without a validation set the script keeps the last epoch, and refuses --keep best and --anneal (exit 2). */
    @Test
    void withoutAValidationSetTheLastEpochIsKeptAndBestOrAnnealAreUsageErrors() throws IOException {
        Path data = ExportedScriptTest.writeData(tmp.resolve("data"), 40, 10);
        Path spec = tmp.resolve("whole.net");
        Files.writeString(spec, "network whole {\n  input 784\n  hidden 4 tanh\n  output 10 softmax\n"
                + "  loss cross_entropy\n  train {\n    batch_size 16\n    epochs 2\n    validation 0\n  }\n}\n");
        Path script = export(spec);
        Python run = Python.script(script, "--data", data.toString());
        assertThat(run.code()).as(run.both()).isZero();
        assertThat(run.out()).contains("keeping the last epoch\n").contains("kept epoch 2 of 2, the last\n")
                .contains(", weights of epoch 2; trained in ");
        Python best = Python.script(script, "--data", data.toString(), "--keep", "best");
        assertThat(best.code()).isEqualTo(2);
        assertThat(best.err()).contains("--keep best chooses by validation accuracy, but this run has no validation");
        Python anneal = Python.script(script, "--data", data.toString(), "--anneal");
        assertThat(anneal.code()).isEqualTo(2);
        assertThat(anneal.err()).contains("--anneal watches the validation loss, but this run has no validation set");
    }

    /** The validation accuracy of every epoch line, as printed ("93.33%"). */
    private static List<String> validationAccuracies(String out) {
        Pattern val = Pattern.compile("val loss \\S+ acc (\\S+%)");
        return lines(out, "epoch ").stream().map(l -> {
            Matcher m = val.matcher(l);
            assertThat(m.find()).as(l).isTrue();
            return m.group(1);
        }).toList();
    }
}
