package netgrad.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Masks;
import netgrad.model.Parameters;
import netgrad.plan.Compiler;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.testing.CliRun;

/**
 * Batch norm and dropout in the exported scripts, run by Debian's PyTorch (skipped, saying so, without torch): the
 * evaluation-mode forward against netgrad's evaluate, the weights file round trip (γ_k, β_k, running statistics),
 * one step's gradients with netgrad's masks on fashion-bn-dropout, --check catching a wrong mask or ∇γ, the masks
 * the script draws against {@link Masks}, and whole training runs against {@code netgrad train}. The shipped small
 * specs' verify dumps are checked with the others in {@link ExportedScriptTest}.
 */
class ExportedOperationsTest {
    /** Forward passes and one step's gradients: PyTorch and netgrad differ by rounding only. */
    static final double MATCH = ExportedScriptTest.MATCH;
    /** Weights after two epochs of training with the same masks: rounding accumulated over 18 steps. */
    static final double TRAJECTORY = ExportedScriptTest.TRAJECTORY;

    /**
     * b_k of a layer with batch norm after 18 Adam steps of η = 0.01 on gradients of rounding noise (~1e-17), and the
     * difference of μ̄_k between the two runs, which carries it (measured: 2e-10 and 1.2e-10).
     */
    static final double BIAS_NOISE = 1e-8;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTorch() {
        Python.assumeTorch();
    }

    static Stream<Path> coupledSpecs() throws IOException {
        return ExportCommandTest.coupledSpecs();
    }

    private Path export(String spec, Path weights) {
        Path script = tmp.resolve(Path.of(spec).getFileName().toString().replace(".net", ".py"));
        CliRun run = weights == null
                ? CliRun.of("export", spec, "--to", "pytorch", "-o", script.toString())
                : CliRun.of("export", spec, "--to", "pytorch", "-o", script.toString(), "--weights", weights.toString());
        assertThat(run.code()).as(run.err()).isZero();
        return script;
    }

    /** Runs {@code code} with the script imported as {@code m} (its main does not run). */
    private Python python(Path script, String code) throws IOException {
        Python run = Python.run(tmp, Python.PYTHON, "-c", "import importlib.util as u\nimport numpy as np\nimport torch\n"
                + "s = u.spec_from_file_location('m', '" + script + "'); m = u.module_from_spec(s)\n"
                + "s.loader.exec_module(m)\n" + code);
        assertThat(run.code()).as(run.both()).isZero();
        return run;
    }

    /** θ with every entry away from its init: γ_k ∈ [0.5, 1.5], β_k, b_k ∈ [−0.5, 0.5], μ̄_k ∈ [−1, 1], σ̄²_k ∈ [0.2, 2]. */
    private static Parameters perturbed(Plan plan, long seed) {
        Parameters theta = Initializer.initialize(plan);
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 1; k <= plan.depth(); k++) {
            fill(theta.b(k), random, -0.5, 0.5);
            if (plan.batchNorm(k)) {
                fill(theta.gamma(k), random, 0.5, 1.5);
                fill(theta.beta(k), random, -0.5, 0.5);
                fill(theta.runningMean(k), random, -1, 1);
                fill(theta.runningVariance(k), random, 0.2, 2);
            }
        }
        return theta;
    }

    private static void fill(Matrix m, SplittableRandom random, double lo, double hi) {
        for (int i = 0; i < m.size(); i++) {
            m.data[i] = random.nextDouble(lo, hi);
        }
    }

    private static double maxAbs(Matrix m) {
        return Arrays.stream(m.data).map(Math::abs).max().orElse(0);
    }

    private static Matrix normal(int rows, int cols, SplittableRandom random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data[i] = random.nextGaussian();   // java.util's: any numbers will do
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coupledSpecs")
    void evaluationModeForwardMatchesNetgradsEvaluateAndTheWeightsRoundTrip(Path spec) throws IOException {
        Plan plan = Compiler.load(spec).plan();
        Parameters theta = perturbed(plan, 21);
        Matrix x = normal(plan.units(0), 7, new SplittableRandom(22));
        Matrix expected = new Backprop(plan).evaluate(theta, x, ForwardPass.allocate(plan, 7)).a(plan.depth());
        Path weights = tmp.resolve("w.npz");
        Npz.write(weights, WeightFiles.entries(theta));
        Npz.write(tmp.resolve("x.npz"), Map.of("x", x));

        python(export(spec.toString(), null), "model = m.Net(); m.load_weights(model, 'w.npz'); model.eval()\n"
                + "x = torch.from_numpy(np.load('x.npz')['x'].T.copy())\n"
                + "with torch.no_grad(): a_L = model(x)\n"
                + "np.savez('out.npz', a_L=a_L.numpy().T.copy()); m.save_weights(model, 'saved.npz')");

        Matrix ours = Npz.read(tmp.resolve("out.npz")).get("a_L");
        assertThat(ExportedScriptTest.worstRelative(Map.of("a_L", ours), Map.of("a_L", expected)))
                .isLessThanOrEqualTo(MATCH);
        Map<String, Matrix> written = Npz.read(weights);
        Map<String, Matrix> saved = Npz.read(tmp.resolve("saved.npz"));
        assertThat(saved.keySet()).isEqualTo(written.keySet());               // γ_k, β_k, running_mean_k, running_var_k
        for (String name : written.keySet()) {
            assertThat(saved.get(name).shape()).as(name).isEqualTo(written.get(name).shape());
            assertThat(saved.get(name).data).as(name).isEqualTo(written.get(name).data);   // bit for bit
        }
    }

    /** fashion-bn-dropout itself (verify's finite differences take minutes there): a dump of backprop, B = 64. */
    @Test
    void fashionBnDropoutStepGradientsMatchBackpropWithTheSameMasks() throws IOException {
        Plan plan = Compiler.load(Path.of("specs/fashion-bn-dropout.net")).plan();
        Parameters theta = perturbed(plan, 31);
        SplittableRandom random = new SplittableRandom(32);
        Matrix x = new Matrix(784, 64);
        fill(x, random, 0, 1);
        int[] labels = random.ints(64, 0, 10).toArray();
        Batch batch = Batch.classification(x, labels, 10).withMasks(Masks.draw(plan, 64, 33));
        Backprop backprop = new Backprop(plan);
        Gradients gradients = backprop.gradients(theta, batch);
        double loss = backprop.loss(backprop.forward(theta, batch), theta, batch);
        Map<String, Matrix> dump = new LinkedHashMap<>(WeightFiles.entries(theta));
        dump.put("x", x);
        dump.put("y", batch.y());
        for (int k = 1; k < plan.depth(); k++) {
            dump.put(WeightFiles.maskKey(k), batch.masks().mask(k));
        }
        gradients.toMap().forEach((q, g) -> dump.put(q.npzKey("backprop"), g));
        Path file = tmp.resolve("dump.npz");
        Npz.write(file, dump);

        Python check = Python.script(export("specs/fashion-bn-dropout.net", null), "--check", file.toString());
        assertThat(check.code()).as(check.both()).isZero();
        assertThat(check.number("worst error ")).isLessThanOrEqualTo(MATCH);
        assertThat(check.out().lines().filter(l -> l.startsWith("∇"))).hasSize(gradients.toMap().size())
                .anySatisfy(l -> assertThat(l).startsWith("∇γ_1 "))
                .anySatisfy(l -> assertThat(l).startsWith("∇β_2 "))
                .anySatisfy(l -> assertThat(l).startsWith("∇â_2 "));
        assertThat(ExportedScriptTest.relative(check.number("loss L = "), loss)).isLessThanOrEqualTo(MATCH);
    }

    @Test
    void checkUsesTheDumpsMasks() throws IOException {
        Path dump = tmp.resolve("dump.npz");
        assertThat(CliRun.of("verify", "specs/bn-dropout.net", "--dump", dump.toString()).code()).isZero();
        Map<String, Matrix> arrays = new LinkedHashMap<>(Npz.read(dump));
        Matrix mask = arrays.get("m2").copy();
        int kept = 0;
        while (mask.data[kept] == 0) kept++;
        mask.data[kept] = 0;                                                  // one more unit of layer 2 dropped
        arrays.put("m2", mask);
        Npz.write(dump, arrays);

        Python check = Python.script(export("specs/bn-dropout.net", null), "--check", dump.toString());
        assertThat(check.code()).as(check.both()).isEqualTo(1);
        assertThat(check.out()).contains("DISAGREE");
    }

    @Test
    void checkFailsWhenGammasGradientIsOffByOnePartInAMillion() throws IOException {
        Path dump = tmp.resolve("dump.npz");
        assertThat(CliRun.of("verify", "specs/batchnorm.net", "--dump", dump.toString()).code()).isZero();
        Map<String, Matrix> arrays = new LinkedHashMap<>(Npz.read(dump));
        Matrix planted = arrays.get("backprop_gamma1").copy();
        int largest = 0;
        for (int i = 1; i < planted.size(); i++) {
            if (Math.abs(planted.data[i]) > Math.abs(planted.data[largest])) largest = i;
        }
        planted.data[largest] *= 1 + 1e-6;
        arrays.put("backprop_gamma1", planted);
        Npz.write(dump, arrays);

        Python check = Python.script(export("specs/batchnorm.net", null), "--check", dump.toString());
        assertThat(check.code()).as(check.both()).isEqualTo(1);
        String gamma1 = line(check, "∇γ_1 ");
        assertThat(gamma1).contains("[" + largest + ",0]");
        assertThat(error(gamma1)).isGreaterThan(1e-7);
        assertThat(error(line(check, "∇γ_2 "))).isLessThanOrEqualTo(MATCH);   // the others still agree to rounding
    }

    private static String line(Python check, String start) {
        return check.out().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
    }

    /** The error column of a line of --check's table: quantity, shape, error, … */
    private static double error(String line) {
        return Double.parseDouble(line.trim().split("\\s+")[2]);
    }

    @Test
    void scriptDrawsNetgradsMasks() throws IOException {
        Plan plan = Compiler.load(Path.of("specs/bn-dropout.net")).plan();
        long seed = -8_765_432_109L;
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder expected = new StringBuilder();
        for (int b : new int[] {5, 1, 3}) {                                   // three steps, the last batches smaller
            Masks masks = Masks.allocate(plan, b);
            masks.redraw(random);
            for (int k = 1; k < plan.depth(); k++) {
                expected.append(Arrays.toString(masks.mask(k).transpose().data)).append('\n');
            }
        }
        Python run = python(export("specs/bn-dropout.net", null), "r = m.JavaSplittableRandom(" + seed + ")\n"
                + "for b in (5, 1, 3):\n"
                + "    for k, mk in m.draw_masks(r, b, 'cpu').items():\n"
                + "        print('[' + ', '.join(map(str, mk.reshape(-1).tolist())) + ']')");
        assertThat(run.out()).isEqualTo(expected.toString());
    }

    @Test
    void dropoutWithoutMasksDrawsFromTorchAndScalesTheSurvivors() throws IOException {
        Python run = python(export("specs/dropout.net", null), "torch.manual_seed(0)\n"
                + "d = m.Dropout(0.25, 1); z = torch.full((400, 500), 3.0); h = d(z)\n"
                + "print('zeros', (h == 0).double().mean().item())\n"
                + "print('survivors', set(h[h != 0].tolist()))\n"
                + "d.eval(); print('eval', torch.equal(d(z), z))");
        assertThat(Math.abs(Python.parse(run.out(), "zeros ") - 0.25)).isLessThan(0.01);   // 200,000 draws: σ ≈ 0.001
        assertThat(run.out()).contains("survivors {4.0}").contains("eval True");
    }

    @Test
    void distributedTrainingOfABatchNormNetworkIsAUsageError() throws IOException {
        Python run = Python.script(export("specs/batchnorm.net", null), "--distributed");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("batch norm normalises over the whole batch");
    }

    /**
     * The script's training loop against {@code netgrad train}, from the same weights: same split, order and masks. 143
     * examples keep 129 for training: 8 batches of 16 and a last batch of one example (batch norm's B = 1).
     */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"batchnorm, batchnorm eps 1e-3", "dropout 0.2, dropout 0.5", "batchnorm dropout 0.2, dropout 0.1 batchnorm"})
    void twoEpochsFollowNetgradTrainWithTheSameMasks(String first, String second) throws IOException {
        Path data = ExportedScriptTest.writeData(tmp.resolve("data"), 143, 40);
        Path spec = tmp.resolve("ops.net");
        Files.writeString(spec, "network ops {\n  input 784\n  hidden 8 tanh " + first + "\n  hidden 6 relu " + second
                + "\n  output 10 softmax\n  loss cross_entropy\n  decay 0.001\n  init xavier seed 5\n  train {\n"
                + "    optimizer adam\n    learning_rate 0.01\n    batch_size 16\n    epochs 2\n  }\n}\n");
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
        assertSameWeights(Compiler.load(spec).plan(), Npz.read(saved), Npz.read(out.resolve("weights.npz")),
                BIAS_NOISE);
        String accuracy = ExportedScriptTest.testAccuracy(run.out());
        assertThat(train.out()).contains(accuracy);
        CliRun evaluate = CliRun.of("evaluate", spec.toString(), "--data", data.toString(), "--weights", saved.toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains(accuracy);                        // netgrad reads the script's weights back
    }

    /**
     * The script's saved weights against train's weights.npz: the same epoch, every array within {@link #TRAJECTORY}
     * relative but b_k and μ̄_k of a layer with batch norm, which drift by rounding noise (within {@code biasNoise}
     * absolute, the running means having moved).
     */
    static void assertSameWeights(Plan plan, Map<String, Matrix> script, Map<String, Matrix> weights, double biasNoise) {
        assertThat(script.get(WeightFiles.EPOCH).data).as("the epoch of the saved weights")
                .isEqualTo(weights.get(WeightFiles.EPOCH).data);
        Map<String, Matrix> netgrad = ExportedScriptTest.parameters(weights);
        Map<String, Matrix> torch = ExportedScriptTest.parameters(script);
        assertThat(torch.keySet()).isEqualTo(netgrad.keySet());
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                // ∇b_k is 0 up to rounding (the mean subtraction cancels b_k), and Adam divides that noise by
                // √v̂ + ε: b_k drifts by rounding noise, differently in each run, and stays negligible in both;
                // μ̄_k, the running mean of a_k = W_k h_{k−1} + b_k, carries the same drift
                String b = Quantity.b(k).npzKey();
                String mean = "running_mean" + k;
                assertThat(maxAbs(netgrad.remove(b))).as("netgrad's " + b).isLessThanOrEqualTo(biasNoise);
                assertThat(maxAbs(torch.remove(b))).as("PyTorch's " + b).isLessThanOrEqualTo(biasNoise);
                Matrix ours = torch.remove(mean);
                Matrix theirs = netgrad.remove(mean);
                assertThat(maxAbs(theirs)).as(mean + " moved").isGreaterThan(1e-3);
                for (int i = 0; i < ours.size(); i++) {
                    assertThat(Math.abs(ours.data[i] - theirs.data[i])).as(mean).isLessThanOrEqualTo(biasNoise);
                }
                assertThat(Arrays.stream(netgrad.get("running_var" + k).data).filter(v -> v != 1.0))
                        .as("running σ̄² moved").isNotEmpty();
            }
        }
        assertThat(ExportedScriptTest.worstRelative(torch, netgrad)).isLessThanOrEqualTo(TRAJECTORY);
    }
}
