package netgrad.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.source.SourcePos;
import netgrad.plan.Training;
import netgrad.train.GradientEngine;
import netgrad.train.Precision;
import netgrad.train.Trainer;
import netgrad.train.TrainingListener;

/**
 * Times epochs of minibatch SGD on 784-128-128-10 (tanh or relu, softmax + cross-entropy, float64 or float32)
 * with {@link Trainer}, after a warm-up epoch, for each way of using the cores ({@link Mode}).
 */
public final class EpochBench {
    private EpochBench() {}

    /** A user-defined tanh with its derivative (issue 13): its epoch should take at most twice the built-in's. */
    static final String MYTANH = "activation mytanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z))\n"
            + "  derivative 1 - ((exp(z) - exp(-z)) / (exp(z) + exp(-z)))^2\n"
            + "network bench { input 784; hidden 128 mytanh; output 10 softmax; loss cross_entropy }\n";

    /** The g of {@link #MYTANH}, compiled like any spec's. */
    public static Activation myTanh() {
        Plan plan = netgrad.plan.Compiler.compile("mytanh", MYTANH).plan();
        return ((netgrad.plan.Layer.Hidden) plan.layers().get(0)).activation();
    }

    /** Multiply-adds per example and epoch: forward W·h, backward ∇W and ∇h (not ∇h_0), 2 flops each. */
    public static final long FLOPS_PER_EXAMPLE = 2L * (3 * (784 * 128 + 128 * 128 + 128 * 10) - 784 * 128);

    /** How an epoch uses the cores: threads for each matrix product (Ops) × threads each splitting the batch. */
    public enum Mode {
        ONE(1, 1, "none"), PRODUCTS(2, 1, "products"), BATCH(1, 2, "batch");

        final int opsThreads;
        final int stepThreads;
        final String split;

        Mode(int opsThreads, int stepThreads, String split) {
            this.opsThreads = opsThreads;
            this.stepThreads = stepThreads;
            this.split = split;
        }

        public int threads() {
            return opsThreads * stepThreads;
        }

        /** How a step is split: "none", "products" or "batch". */
        public String split() {
            return split;
        }
    }

    /** One timed epoch: its seconds, GFLOP/s and training loss. */
    public record Epoch(double seconds, double gflops, double trainLoss) {}

    /** Trains a fresh network on {@code set} for {@code epochs} timed epochs of batch {@code batch}; one callback each. */
    public static void time(Activation g, DataSet set, Mode mode, int epochs, int batch, Consumer<Epoch> each) {
        time(g, set, mode, Precision.FLOAT64, epochs, batch, each);
    }

    /** The same with steps in {@code precision} (float32: {@link Trainer}'s float32 steps). */
    public static void time(Activation g, DataSet set, Mode mode, Precision precision, int epochs, int batch,
                            Consumer<Epoch> each) {
        Plan plan = Plan.of("bench", new int[]{784, 128, 128, 10}, List.of(g, g), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(1));
        Training sgd = new Training("bench", Training.Optimizer.defaults(Training.Kind.SGD), 0.01, batch, 1, 0,
                SourcePos.none());
        Parameters theta = Initializer.initialize(plan);
        Trainer trainer = new Trainer(plan, sgd, 1, GradientEngine.BACKPROP, mode.stepThreads,
                Parallelism.of(mode.opsThreads), precision);
        DataSet none = set.split(0, 0).held();
        // warm-up: one whole epoch, so that the JIT has compiled (and recompiled for this mode's shapes) the step's
        // code before the timed epochs; with 5% of an epoch the first timed epochs of two threads ran 1.3-2x slower
        trainer.train(theta, set, none, TrainingListener.NONE);
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            Trainer.Result r = trainer.train(theta, set, none, TrainingListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            each.accept(new Epoch(seconds, FLOPS_PER_EXAMPLE * set.count() / seconds / 1e9,
                    r.history().get(0).trainLoss()));
        }
    }

    /** Random pixels and labels of the given size, seeded. */
    public static DataSet synthetic(int count, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * features];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) random.nextInt(256);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte) random.nextInt(10);
        return new DataSet("synthetic", pixels, features, labels, DataSets.FASHION_MNIST_CLASSES);
    }
}
