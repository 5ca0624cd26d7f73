package netgrad.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.data.Idx;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Masks;
import netgrad.model.Parameters;
import netgrad.plan.Compiler;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;
import netgrad.testing.CliRun;

/**
 * The exported scripts run by Debian's PyTorch (skipped, saying so, where /usr/bin/python3 cannot import torch): their
 * autograd gradients and loss against netgrad's backprop for every shipped spec, netgrad's shuffles, every optimizer's
 * trajectory against {@code netgrad train}, two torchrun processes against one, and one epoch of Fashion-MNIST.
 */
class ExportedScriptTest {
    /** Loss and gradients: autograd and backprop differ only by rounding. */
    static final double MATCH = 1e-12;
    /** Weights after two epochs of training, same data, order and rule: rounding accumulated over 16 steps. */
    static final double TRAJECTORY = 1e-10;
    /** Test accuracy of one epoch, PyTorch against netgrad train, in percentage points. */
    static final double ACCURACY_POINTS = 1.0;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTorch() {
        Python.assumeTorch();
    }

    /** Finite differences of a spec with batch norm or dropout recompute the whole batch: verify takes minutes. */
    static final long VERIFY_COUPLED_PARAMETERS = 10_000;

    /**
     * The shipped specs whose {@code verify --dump} takes seconds: all but those with batch norm or dropout and more
     * than {@link #VERIFY_COUPLED_PARAMETERS} parameters (fashion-bn-dropout: ExportedOperationsTest checks it on a
     * dump of backprop alone).
     */
    static Stream<Path> specs() throws IOException {
        return ExportCommandTest.specs().filter(p -> {
            Plan plan = ExportCommandTest.plan(p);
            return !plan.couplesExamples() || plan.parameterCount() <= VERIFY_COUPLED_PARAMETERS;
        });
    }

    private Path export(String spec, Path weights) {
        Path script = tmp.resolve(Path.of(spec).getFileName().toString().replace(".net", ".py"));
        CliRun run = weights == null
                ? CliRun.of("export", spec, "--to", "pytorch", "-o", script.toString())
                : CliRun.of("export", spec, "--to", "pytorch", "-o", script.toString(), "--weights", weights.toString());
        assertThat(run.code()).as(run.err()).isZero();
        return script;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void autogradMatchesBackpropOnAVerifyDump(Path spec) throws IOException {
        Path dump = tmp.resolve("dump.npz");
        assertThat(CliRun.of("verify", spec.toString(), "--dump", dump.toString()).code()).isZero();
        Python check = Python.script(export(spec.toString(), null), "--check", dump.toString());

        assertThat(check.code()).as(check.both()).isZero();
        assertThat(check.number("worst error ")).isLessThanOrEqualTo(MATCH);
        assertThat(check.out()).contains("gradients agree with netgrad's backprop");
        Plan plan = Compiler.load(spec).plan();
        Map<String, Matrix> arrays = Npz.read(dump);
        assertThat(check.out().lines().filter(l -> l.startsWith("∇"))).hasSize((int) arrays.keySet().stream()
                .filter(n -> n.startsWith("backprop_")).count());
        Parameters theta = Parameters.zeros(plan);
        for (Quantity name : plan.parameters()) {
            System.arraycopy(arrays.get(name.npzKey()).data, 0, theta.get(name).data, 0, theta.get(name).size());
        }
        Batch batch = new Batch(arrays.get("x"), arrays.get("y"), null, dumpMasks(plan, arrays));
        Backprop backprop = new Backprop(plan);
        double loss = backprop.loss(backprop.forward(theta, batch), theta, batch);   // training mode, the dump's m_k
        assertThat(relative(check.number("loss L = "), loss)).isLessThanOrEqualTo(MATCH);
    }

    @Test
    void checkFailsWhenOneGradientOfTheDumpIsOffByOnePartInAMillion() throws IOException {
        Path dump = tmp.resolve("dump.npz");
        assertThat(CliRun.of("verify", "specs/lecture4.net", "--dump", dump.toString()).code()).isZero();
        Map<String, Matrix> arrays = new LinkedHashMap<>(Npz.read(dump));
        Matrix planted = arrays.get("backprop_W2").copy();
        planted.data[4] *= 1 + 1e-6;                                          // a wrong entry of ∇W_2
        arrays.put("backprop_W2", planted);
        Npz.write(dump, arrays);

        Python check = Python.script(export("specs/lecture4.net", null), "--check", dump.toString());
        assertThat(check.code()).as(check.both()).isEqualTo(1);
        assertThat(check.out()).contains("DISAGREE");
        assertThat(check.out().lines().filter(l -> l.startsWith("∇W_2")).findFirst().orElseThrow())
                .contains("[1,1]");
    }

    @Test
    void scriptShufflesLikeJavasSplittableRandom() throws IOException {
        Path script = export("specs/lecture4.net", null);
        for (int n : new int[] {1, 2, 17, 64, 1000}) {
            int[] order = new int[n];
            Arrays.setAll(order, i -> i);
            DataSet.shuffle(order, new SplittableRandom(n * 31L));
            Python run = Python.run(tmp, Python.PYTHON, "-c", "import importlib.util as u\n"
                    + "s = u.spec_from_file_location('m', '" + script + "'); m = u.module_from_spec(s)\n"
                    + "s.loader.exec_module(m)\n"
                    + "a = list(range(" + n + ")); m.JavaSplittableRandom(" + n * 31L + ").shuffle(a)\n"
                    + "print(' '.join(map(str, a)))");
            assertThat(run.code()).as(run.both()).isZero();
            assertThat(run.out().strip()).isEqualTo(Arrays.stream(order).mapToObj(Integer::toString)
                    .reduce((a, b) -> a + " " + b).orElseThrow());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Training.Kind.class)
    void twoEpochsFollowNetgradTrainsTrajectory(Training.Kind kind) throws IOException {
        Path data = writeData(tmp.resolve("data"), 150, 40);
        Path spec = tmp.resolve("opt.net");
        Files.writeString(spec, "network opt {\n  input 784\n  hidden 8 tanh\n  output 10 softmax\n"
                + "  loss cross_entropy\n  decay 0.001\n  init xavier seed 5\n  train {\n    optimizer " + kind.keyword()
                + "\n    learning_rate 0.01\n    batch_size 16\n    epochs 2\n  }\n}\n");
        Path init = tmp.resolve("init.npz");
        Npz.write(init, WeightFiles.entries(Initializer.initialize(Compiler.load(spec).plan())));
        Path saved = tmp.resolve("torch.npz");
        Python run = Python.script(export(spec.toString(), init), "--data", data.toString(), "--keep", "last",
                "--save", saved.toString());
        assertThat(run.code()).as(run.both()).isZero();

        Path out = tmp.resolve("run");
        CliRun train = CliRun.of("train", spec.toString(), "--data", data.toString(), "--threads", "1",
                "--keep", "last", "--out", out.toString());                  // the trajectory to its end in both
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(worstRelative(Npz.read(saved), Npz.read(out.resolve("weights.npz"))))   // the epoch entry too
                .isLessThanOrEqualTo(TRAJECTORY);
        assertThat(run.out()).contains(testAccuracy(train.out()));
    }

    /** With dropout each process takes its examples' rows of netgrad's masks of the whole batch. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hidden 8 relu", "hidden 8 relu dropout 0.3"})
    void twoTorchrunProcessesTrainAsOne(String hidden) throws IOException {
        Path data = writeData(tmp.resolve("data"), 150, 40);        // 135 training examples: the last batch of 7 splits 4 + 3
        Path spec = tmp.resolve("ddp.net");
        Files.writeString(spec, "network ddp {\n  input 784\n  " + hidden + "\n  output 10 softmax\n"
                + "  loss cross_entropy\n  decay 0.01\n  init he seed 2\n"
                + "  train {\n    optimizer adam\n    batch_size 16\n    epochs 2\n  }\n}\n");
        Path init = tmp.resolve("init.npz");
        Npz.write(init, WeightFiles.entries(Initializer.initialize(Compiler.load(spec).plan())));
        Path script = export(spec.toString(), init);
        Path one = tmp.resolve("one.npz");
        Path two = tmp.resolve("two.npz");
        Python single = Python.script(script, "--device", "cpu", "--data", data.toString(), "--save", one.toString());
        assertThat(single.code()).as(single.both()).isZero();
        // --redirects 1 --tee 1: Debian's torch 1.13 under Python 3.11 cannot parse torchrun's default "0"
        // ('NoneType' object has no attribute 'get'); teeing stdout is the same run, its lines prefixed [default0]:
        Python ddp = Python.run(tmp, Python.TORCHRUN, "--standalone", "--nnodes", "1", "--nproc_per_node", "2",
                "--redirects", "1", "--tee", "1", "--log_dir", tmp.resolve("logs").toString(), script.toString(), "--distributed", "--device", "cpu", "--data", data.toString(), "--save", two.toString());

        assertThat(ddp.code()).as(ddp.both()).isZero();
        assertThat(ddp.out()).contains("2 process(es)").contains("epoch 2/2");
        assertThat(worstRelative(Npz.read(one), Npz.read(two))).isLessThanOrEqualTo(TRAJECTORY);
        assertThat(ddp.out()).contains(testAccuracy(single.out()));
    }

    /** The one-epoch comparison on the real data set (about a minute): skipped where it is not installed. */
    @Test
    void oneEpochOfFashionMnistReachesNetgradTrainsAccuracy() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "skipped: no /usr/share/datasets/fashion-mnist (sudo apt-get install dataset-fashion-mnist)");
        Path init = tmp.resolve("init.npz");
        Npz.write(init, WeightFiles.entries(Initializer.initialize(Compiler.load(Path.of("specs/fashion-mlp.net")).plan())));
        Python torch = Python.script(export("specs/fashion-mlp.net", init), "--epochs", "1");
        assertThat(torch.code()).as(torch.both()).isZero();
        CliRun train = CliRun.of("train", "specs/fashion-mlp.net", "-e", "1", "--out", tmp.resolve("run").toString());
        assertThat(train.code()).as(train.err()).isZero();

        double ours = torch.number("test accuracy ");
        double theirs = Python.parse(train.out(), "test accuracy ");
        assertThat(Math.abs(ours - theirs)).as("%s%% against %s%%", ours, theirs).isLessThanOrEqualTo(ACCURACY_POINTS);
    }

    /** Dropout's masks m_k of a dump (netgrad's layout, n_k × B), or {@link Masks#NONE} without dropout. */
    static Masks dumpMasks(Plan plan, Map<String, Matrix> arrays) {
        Masks masks = Masks.allocate(plan, arrays.get("x").cols);
        for (int k = 1; k < plan.depth(); k++) {
            if (masks.mask(k) != null) {
                Matrix m = arrays.get(WeightFiles.maskKey(k));
                System.arraycopy(m.data, 0, masks.mask(k).data, 0, m.size());
            }
        }
        return masks;
    }

    /** The test-accuracy line of train's or the script's output up to the epoch its weights are from. */
    static String testAccuracy(String out) {
        return out.lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow()
                .replaceAll("; trained in.*", "");
    }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    /** The arrays of a weights file of train's without its {@code epoch} entry (which epoch θ is from). */
    static Map<String, Matrix> parameters(Map<String, Matrix> weights) {
        Map<String, Matrix> theta = new java.util.LinkedHashMap<>(weights);
        assertThat(theta.remove(netgrad.io.WeightFiles.EPOCH)).as("train's weights name their epoch").isNotNull();
        return theta;
    }

    /** max over arrays of max |a − b| / max |b|. */
    static double worstRelative(Map<String, Matrix> a, Map<String, Matrix> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        double worst = 0;
        for (String name : b.keySet()) {
            double diff = 0, scale = 0;
            for (int i = 0; i < b.get(name).size(); i++) {
                diff = Math.max(diff, Math.abs(a.get(name).data[i] - b.get(name).data[i]));
                scale = Math.max(scale, Math.abs(b.get(name).data[i]));
            }
            worst = Math.max(worst, scale == 0 ? diff : diff / scale);
        }
        return worst;
    }

    /** Seeded 28×28 images whose class is a bright band of rows; the training images gzipped, the rest plain. */
    static Path writeData(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(11);
        for (String part : new String[] {"train", "t10k"}) {
            int n = part.equals("train") ? train : test;
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = random.nextInt(10);
                labels[i] = (byte) c;
                for (int f = 0; f < 784; f++) {
                    boolean band = f / 28 >= 2 * c && f / 28 < 2 * c + 3;
                    pixels[i * 784 + f] = (byte) (band ? 150 + random.nextInt(106) : random.nextInt(60));
                }
            }
            byte[] images = Idx.imagesFile(n, 28, 28, pixels);
            if (part.equals("train")) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                    gz.write(images);
                }
                Files.write(dir.resolve(part + "-images-idx3-ubyte.gz"), zipped.toByteArray());
            } else {
                Files.write(dir.resolve(part + "-images-idx3-ubyte"), images);
            }
            Files.write(dir.resolve(part + "-labels-idx1-ubyte"), Idx.labelsFile(labels));
        }
        return dir;
    }
}
