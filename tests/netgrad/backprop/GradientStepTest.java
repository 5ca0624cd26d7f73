package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Compilation;
import netgrad.plan.Compiler;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.BatchMaker;

/** θ ← θ − η∇θ with a small η lowers the loss by about η‖∇θ‖², for every activation and output/loss pair. */
class GradientStepTest {
    private static final double LEARNING_RATE = 1e-4;
    /** The decrease is η‖∇‖² up to O(η²·curvature): within 5 % at this η. */
    private static final double FIRST_ORDER = 0.05;
    private static final int BATCH = 6;

    private static final List<Activation> ACTIVATIONS = List.of(new Activation.Logistic(), new Activation.Tanh(),
            new Activation.Relu(), new Activation.LeakyRelu(0.1), new Activation.Identity(), new Activation.Softplus());

    private static final List<Object[]> PAIRS = List.of(
            new Object[] {OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY},
            new Object[] {OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY},
            new Object[] {OutputFunction.IDENTITY, Loss.SQUARED_ERROR},
            new Object[] {OutputFunction.SOFTMAX, Loss.SQUARED_ERROR},
            new Object[] {OutputFunction.LOGISTIC, Loss.SQUARED_ERROR});

    @Test
    void aSmallStepAgainstTheGradientLowersTheLossForEveryActivationAndOutputLossPair() {
        long seed = 1;
        for (Activation g : ACTIVATIONS) {
            for (Object[] pair : PAIRS) {
                OutputFunction o = (OutputFunction) pair[0];
                Loss loss = (Loss) pair[1];
                Plan plan = Plan.of(g.keyword() + "/" + o.keyword() + "/" + loss.keyword(), new int[] {3, 5, 4, 3},
                        List.of(g, g), o, loss, 0.01, new Init(Init.Scheme.RANDOM, 0.8, seed++));
                assertSmallStepDescends(plan, batch(o, loss, seed++));
            }
        }
    }

    /** The lecture's update θ ← θ − η∇θ on every shipped spec (a batch from verify's seeded batch maker). */
    @Test
    void aSmallStepAgainstTheGradientLowersTheLossOnEveryShippedSpec() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(Path.of("specs"))) {
            specs = files.filter(f -> f.toString().endsWith(".net")).sorted().toList();
        }
        assertThat(specs).isNotEmpty();
        for (Path spec : specs) {
            Compilation compilation = Compiler.load(spec);
            assertThat(compilation.ok()).as(spec + ": " + compilation.render()).isTrue();
            Plan plan = compilation.plan();
            assertSmallStepDescends(plan, BatchMaker.make(plan, BATCH, 7));
        }
    }

    private static void assertSmallStepDescends(Plan plan, Batch batch) {
        Backprop backprop = new Backprop(plan);
        Parameters theta = Initializer.initialize(plan);
        double before = backprop.loss(backprop.forward(theta, batch), theta, batch);
        Gradients grad = backprop.gradients(theta, batch);
        double squaredNorm = 0;
        for (Map.Entry<Quantity, Matrix> p : theta.toMap().entrySet()) {
            Ops.addScaled(-LEARNING_RATE, grad.get(p.getKey()), p.getValue());
            squaredNorm += Ops.sumOfSquares(grad.get(p.getKey()));
        }
        double after = backprop.loss(backprop.forward(theta, batch), theta, batch);

        assertThat(after).as(plan.name()).isLessThan(before);
        assertThat((before - after) / (LEARNING_RATE * squaredNorm)).as(plan.name() + " decrease / η‖∇‖²")
                .isBetween(1 - FIRST_ORDER, 1 + FIRST_ORDER);
    }

    private static Batch batch(OutputFunction o, Loss loss, long seed) {
        Random r = new Random(seed);
        Matrix x = new Matrix(3, BATCH);
        for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
        if (o == OutputFunction.SOFTMAX) {
            int[] labels = new int[BATCH];
            for (int j = 0; j < BATCH; j++) labels[j] = r.nextInt(3);
            return Batch.classification(x, labels, 3);
        }
        Matrix y = new Matrix(3, BATCH);
        for (int i = 0; i < y.data.length; i++) {
            y.data[i] = loss == Loss.BINARY_CROSS_ENTROPY ? r.nextInt(2)
                    : o == OutputFunction.IDENTITY ? r.nextGaussian() : r.nextDouble();
        }
        return new Batch(x, y, null);
    }
}
