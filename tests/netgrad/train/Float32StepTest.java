package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.linalg.FloatMatrix;
import netgrad.linalg.Matrix;
import netgrad.linalg.Parallelism;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The float32 step computes what the verified float64 backprop computes: on the same float32 weights and inputs,
 * every ∇W_k, ∇b_k, ∇a_k and ∇h_k of {@link Float32Backprop} equals {@link Backprop}'s to a float tolerance, for
 * every built-in activation, a user-defined one, each output/loss pair and weight decay.
 */
class Float32StepTest {
    /**
     * Relative to each quantity's largest |entry|. Both sides see the same x and θ (float values); every float
     * operation rounds by at most u = 2⁻²⁴ ≈ 6e-8 relative, and on these specs (n_k ≤ 7, B = 7, L ≤ 3) a gradient
     * entry is the end of a chain of at most ~60 such operations (the products' sums of ≤ 7 terms, per layer, plus
     * g, g′ and the output), so it is off by at most ~60u ≈ 4e-6 of the quantity's scale; tanh adds 5 ulps.
     * 1e-5 leaves a margin of about 2.5 on that bound (the largest error measured is 2.8e-7), and is 10³ times below
     * what a forgotten decay term changes (tested below).
     */
    static final double TOLERANCE = 1e-5;
    static final int BATCH = 7;

    static final String MYTANH = "activation mytanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z))\n"
            + "  derivative 1 - ((exp(z) - exp(-z)) / (exp(z) + exp(-z)))^2\n"
            + "network defined { input 3; hidden 5 mytanh; hidden 4 relu; output 3 softmax; loss cross_entropy }\n";

    /** Plain networks covering every built-in g, every output function, every loss and decay. */
    static List<Plan> plans() {
        List<Plan> plans = new ArrayList<>();
        plans.add(Plan.of("tanh-logistic", new int[]{3, 5, 4, 3}, List.of(new Activation.Tanh(), new Activation.Logistic()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.01, Init.xavier(1)));
        plans.add(Plan.of("relu-se", new int[]{3, 6, 3}, List.of(new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, 0, new Init(Init.Scheme.HE, 0, 2)));
        plans.add(Plan.of("leaky-softplus", new int[]{4, 5, 5, 2}, List.of(new Activation.LeakyRelu(0.1),
                new Activation.Softplus()), OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY, 0.02, Init.xavier(3)));
        plans.add(Plan.of("identity", new int[]{3, 4, 3}, List.of(new Activation.Identity()),
                OutputFunction.IDENTITY, Loss.SQUARED_ERROR, 0.005, Init.xavier(4)));
        plans.add(Plan.of("logistic-se", new int[]{3, 4, 2}, List.of(new Activation.Logistic()),
                OutputFunction.LOGISTIC, Loss.SQUARED_ERROR, 0, Init.xavier(5)));
        plans.add(Plan.of("softmax-bce", new int[]{3, 7, 3}, List.of(new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.BINARY_CROSS_ENTROPY, 0, Init.xavier(6)));
        plans.add(netgrad.plan.Compiler.compile("defined.net", MYTANH).plan());
        return plans;
    }

    @Test
    void everyGradientOfTheFloat32StepEqualsFloat64BackpropsWithinAFloatTolerance() {
        for (Plan plan : plans()) {
            Step s = step(plan, plan);
            for (int k = 1; k <= plan.depth(); k++) {
                assertClose(plan, Quantity.W(k), s.part.gradW[k], s.expected.W(k));
                assertClose(plan, Quantity.b(k), s.part.gradB[k], s.expected.b(k));
                assertClose(plan, Quantity.a(k), s.part.gradA[k], s.expected.a(k));
                if (k < plan.depth()) assertClose(plan, Quantity.h(k), s.part.gradH[k], s.expected.h(k));
            }
        }
    }

    @Test
    void theTolerancesCatchAForgottenDecayTerm() {
        Plan plan = plans().get(0);
        Plan withoutDecay = Plan.of("no-decay", new int[]{3, 5, 4, 3}, List.of(new Activation.Tanh(),
                new Activation.Logistic()), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(1));
        Step s = step(plan, withoutDecay);
        assertThat(relativeError(s.part.gradW[1], s.expected.W(1))).isGreaterThan(1e3 * TOLERANCE);
    }

    @Test
    void theFloatLossIsTheDoubleLossToFloatRounding() {
        for (Plan plan : plans()) {
            Step s = step(plan, plan);
            double expected = new Backprop(plan).loss(new Backprop(plan).forward(s.theta, s.batch), s.theta, s.batch);
            double loss = s.net.dataLoss(s.part) + s.net.decayTerm();
            assertThat(Math.abs(loss - expected)).as(plan.name()).isLessThanOrEqualTo(TOLERANCE * Math.max(1, expected));
        }
    }

    /** The float32 step of {@code plan} and double backprop of {@code reference} on the same weights and batch. */
    record Step(Float32Part part, Float32Backprop net, Gradients expected, Parameters theta, Batch batch) {}

    static Step step(Plan plan, Plan reference) {
        Parameters theta = floatValued(plan, 11);
        DataSet data = randomData(BATCH, plan.inputSize(), plan.units(plan.depth()), 12);
        Float32Backprop net = new Float32Backprop(plan, Parallelism.SEQUENTIAL);
        for (int k = 1; k <= plan.depth(); k++) {
            copy(theta.W(k), net.W[k]);
            copy(theta.b(k), net.b[k]);
        }
        Float32Part part = new Float32Part(plan, BATCH);
        int[] order = new int[BATCH];
        for (int i = 0; i < BATCH; i++) order[i] = i;
        part.fill(data, order, 0, false);
        net.forward(part);
        net.backward(part);
        Batch batch = new Batch(part.x.widened(), part.y.widened(), part.labels.clone());
        Gradients expected = new Backprop(reference, Parallelism.SEQUENTIAL).gradients(theta, batch);
        return new Step(part, net, expected, theta, batch);
    }

    /** θ from the plan's init with biases drawn from N(0, 0.1²) (zero biases hide bias mistakes), rounded to float. */
    static Parameters floatValued(Plan plan, long seed) {
        Parameters theta = Initializer.initialize(plan);
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 1; k <= plan.depth(); k++) {
            double[] b = theta.b(k).data;
            for (int i = 0; i < b.length; i++) b[i] = 0.1 * gaussian(random);
            for (Matrix m : new Matrix[]{theta.W(k), theta.b(k)}) {
                for (int i = 0; i < m.data.length; i++) m.data[i] = (float) m.data[i];
            }
        }
        return theta;
    }

    static DataSet randomData(int n, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[n * features];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) random.nextInt(256);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) random.nextInt(classes);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("c" + c);
        return new DataSet("random", pixels, features, labels, names);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static void copy(Matrix from, FloatMatrix to) {
        for (int i = 0; i < to.data.length; i++) to.data[i] = (float) from.data[i];
    }

    static double relativeError(FloatMatrix actual, Matrix expected) {
        double scale = 0, diff = 0;
        for (int i = 0; i < expected.data.length; i++) {
            scale = Math.max(scale, Math.abs(expected.data[i]));
            diff = Math.max(diff, Math.abs(actual.data[i] - expected.data[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static void assertClose(Plan plan, Quantity q, FloatMatrix actual, Matrix expected) {
        assertThat(actual.rows).isEqualTo(expected.rows);
        assertThat(actual.cols).isEqualTo(expected.cols);
        double scale = 0;
        for (double v : expected.data) scale = Math.max(scale, Math.abs(v));
        assertThat(scale).as("%s %s is exercised", plan.name(), q.label()).isGreaterThan(1e-6);
        assertThat(relativeError(actual, expected)).as("%s %s", plan.name(), q.label()).isLessThanOrEqualTo(TOLERANCE);
    }
}
