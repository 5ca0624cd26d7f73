package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;

/**
 * Training runs the backprop that verify checks: every sgd step through {@link Trainer} moves θ to θ − η∇θ with ∇θ
 * from {@link Backprop#gradients}, computed here step by step on the same shuffled batches.
 */
class TrainingStepTest {
    /** One thread adds in the same order as the replay here; two threads change only the order of additions. */
    static final double TOLERANCE = 1e-12;

    static final Plan PLAN = Plan.of("t", new int[]{2, 6, 5, 2}, List.of(new Activation.Tanh(), new Activation.Relu()),
            OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.01, Init.xavier(4));
    static final double ETA = 0.3;
    static final int BATCH = 5;
    static final int EPOCHS = 2;
    static final long SEED = 9;

    @Test
    void everySgdStepThroughTheTrainerIsThetaMinusEtaTimesBackpropsGradientOnOneAndTwoThreads() {
        DataSet data = TrainerTest.separable(23, 3); // 4 batches of 5 and a last one of 3, twice
        Replay expected = replay(data);
        Parameters initial = Initializer.initialize(PLAN);
        assertThat(maxDifference(expected.theta, initial)).as("the steps move θ").isGreaterThan(1e3 * TOLERANCE);

        for (int threads : new int[]{1, 2}) {
            Parameters theta = Initializer.initialize(PLAN);
            Trainer.Result result = new Trainer(PLAN, TrainerTest.training(Training.Kind.SGD, ETA, BATCH, EPOCHS), SEED,
                    GradientEngine.BACKPROP, threads).train(theta, data, data.split(0, 0).held(), TrainingListener.NONE);

            assertThat(maxDifference(theta, expected.theta)).as(threads + " threads").isLessThanOrEqualTo(TOLERANCE);
            for (int e = 0; e < EPOCHS; e++) {
                assertThat(result.history().get(e).trainLoss()).as(threads + " threads, epoch " + (e + 1) + " loss")
                        .isCloseTo(expected.meanLoss[e], within(TOLERANCE));
            }
        }
    }

    /** θ and each epoch's mean loss after the Trainer's schedule, each step θ ← θ − η Backprop.gradients(θ, batch). */
    private record Replay(Parameters theta, double[] meanLoss) {}

    private static Replay replay(DataSet data) {
        Backprop backprop = new Backprop(PLAN);
        Parameters theta = Initializer.initialize(PLAN);
        SplittableRandom random = new SplittableRandom(SEED); // the Trainer shuffles with its seed, once per epoch
        int n = data.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] meanLoss = new double[EPOCHS];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            DataSet.shuffle(order, random);
            for (int from = 0; from < n; from += BATCH) {
                int b = Math.min(BATCH, n - from);
                Matrix x = new Matrix(PLAN.inputSize(), b);
                int[] labels = new int[b];
                data.fillBatch(order, from, x, labels);
                Batch batch = Batch.classification(x, labels, PLAN.units(PLAN.depth()));
                meanLoss[epoch] += backprop.loss(backprop.forward(theta, x), theta, batch) * b / n;
                Gradients gradients = backprop.gradients(theta, batch);
                for (Quantity name : PLAN.parameters()) {
                    Ops.addScaled(-ETA, gradients.get(name), theta.get(name));       // θ ← θ − η∇θ
                }
            }
        }
        return new Replay(theta, meanLoss);
    }

    private static double maxDifference(Parameters a, Parameters b) {
        return maxDifference(PLAN, a, b);
    }

    /** max |a − b| over every entry of the plan's W_k and b_k. */
    static double maxDifference(Plan plan, Parameters a, Parameters b) {
        double max = 0;
        for (Quantity name : plan.parameters()) {
            double[] x = a.get(name).data, y = b.get(name).data;
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
