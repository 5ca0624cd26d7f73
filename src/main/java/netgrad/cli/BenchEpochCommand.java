package netgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.source.SourcePos;
import netgrad.plan.Training;
import netgrad.model.Initializer;
import netgrad.train.Trainer;
import netgrad.train.TrainingListener;

/**
 * {@code netgrad bench epoch}: times epochs of minibatch SGD on 784-128-128-10 (tanh and relu, softmax +
 * cross-entropy, batch 64, double), on synthetic data of Fashion-MNIST's size (60000 × 784) and on the real
 * training set when it is installed. Prints one line per timed epoch in the format bench/run.sh reads, the
 * same as bench/numpy_epoch.py's: {@code netgrad tanh synthetic threads=1 epoch_s=0.512 gflops=59.3}.
 */
@Command(name = "epoch", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Time training epochs of 784-128-128-10 at batch 64 in double precision.",
                "bench/run.sh runs this and the NumPy + OpenBLAS baseline in the same run and prints a table."})
public final class BenchEpochCommand implements Callable<Integer> {
    /** Multiply-adds per example and epoch: forward W·h, backward ∇W and ∇h (not ∇h_0), 2 flops each. */
    static final long FLOPS_PER_EXAMPLE = 2L * (3 * (784 * 128 + 128 * 128 + 128 * 10) - 784 * 128);

    /** The activations timed: those of bench/numpy_epoch.py. */
    static final Set<Activation.Kind> BENCHED = EnumSet.of(Activation.Kind.TANH, Activation.Kind.RELU);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A user-defined tanh with its derivative (issue 13): its epoch should take at most twice the built-in's. */
    static final String MYTANH = "activation mytanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z))\n"
            + "  derivative 1 - ((exp(z) - exp(-z)) / (exp(z) + exp(-z)))^2\n"
            + "network bench { input 784; hidden 128 mytanh; output 10 softmax; loss cross_entropy }\n";

    @Option(names = "--activation", split = ",", paramLabel = "G",
            description = "tanh, relu, mytanh (a user-defined tanh) (default: tanh,relu)")
    List<String> activations = List.of("tanh", "relu");

    @Option(names = "--epochs", paramLabel = "N", description = "timed epochs per case (default: 3)")
    int epochs = 3;

    @Option(names = "--batch", paramLabel = "B", description = "batch size (default: 64)")
    int batch = 64;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST directory for the real-data case (default: /usr/share/datasets/fashion-mnist if present)")
    Path data;

    /** How an epoch uses the cores: threads for each matrix product (Ops) × threads each splitting the batch. */
    enum Mode {
        ONE(1, 1, "none"), PRODUCTS(2, 1, "products"), BATCH(1, 2, "batch");

        final int opsThreads;
        final int stepThreads;
        final String split;

        Mode(int opsThreads, int stepThreads, String split) {
            this.opsThreads = opsThreads;
            this.stepThreads = stepThreads;
            this.split = split;
        }

        int threads() {
            return opsThreads * stepThreads;
        }
    }

    @Option(names = "--modes", split = ",", paramLabel = "MODE",
            description = "ONE (1 thread), PRODUCTS (2 threads per product), BATCH (2 threads, each half the batch); default: all")
    List<Mode> modes = List.of(Mode.ONE, Mode.PRODUCTS, Mode.BATCH);

    @Option(names = "--synthetic-only", description = "skip the real data set")
    boolean syntheticOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (epochs < 1 || batch < 1) {
            err.println("netgrad bench epoch: --epochs and --batch must be at least 1");
            return ExitCodes.USAGE;
        }
        out.printf(Locale.ROOT, "# java %s, %d processors, max heap %d MiB, product kernel %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, netgrad.linalg.Ops.kernel());
        DataSet synthetic = synthetic(60000, 784, 1);
        DataSet real = null;
        Path dir = data != null ? data : DataSets.FASHION_MNIST_DIR;
        if (!syntheticOnly && (data != null || Files.isDirectory(dir))) {
            try {
                real = DataSets.load(DataSets.FASHION_MNIST, dir).train();
            } catch (java.io.IOException e) {
                err.println("netgrad bench epoch: skipping real data: " + e.getMessage());
            }
        }
        for (String name : activations) {
            Activation g = name.equals("mytanh") ? myTanh()
                    : Activation.Kind.named(name).filter(BENCHED::contains).map(kind -> kind.make(0.0)).orElse(null);
            if (g == null) {
                err.println("netgrad bench epoch: unknown activation '" + name + "' (tanh, relu or mytanh)");
                return ExitCodes.USAGE;
            }
            for (Mode mode : modes) {
                time(out, g, "synthetic", synthetic, mode);
                if (real != null) {
                    time(out, g, "real", real, mode);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The g of {@link #MYTANH}, compiled like any spec's. */
    static Activation myTanh() {
        netgrad.plan.Plan plan = netgrad.plan.Compiler.compile("mytanh", MYTANH).plan();
        return ((netgrad.plan.Layer.Hidden) plan.layers().get(0)).activation();
    }

    private void time(PrintWriter out, Activation g, String dataName, DataSet set, Mode mode) {
        int before = netgrad.linalg.Ops.threads();
        netgrad.linalg.Ops.threads(mode.opsThreads);
        try {
            time(out, g, dataName, set, mode.stepThreads, mode);
        } finally {
            netgrad.linalg.Ops.threads(before);
        }
    }

    private void time(PrintWriter out, Activation g, String dataName, DataSet set, int threads, Mode mode) {
        Plan plan = Plan.of("bench", new int[]{784, 128, 128, 10}, List.of(g, g), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(1));
        Training sgd = new Training("bench", Training.Optimizer.defaults(Training.Kind.SGD), 0.01, batch, 1, 0,
                SourcePos.none());
        Parameters theta = Initializer.initialize(plan);
        Trainer trainer = new Trainer(plan, sgd, 1, netgrad.train.GradientEngine.BACKPROP, threads);
        DataSet none = set.split(0, 0).held();
        trainer.train(theta, set.split(0.95, 2).rest(), none, TrainingListener.NONE); // warm-up: 5% of an epoch
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            Trainer.Result r = trainer.train(theta, set, none, TrainingListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "netgrad %s %s threads=%d split=%s epoch_s=%.3f gflops=%.1f loss=%.4f%n", g.keyword(),
                    dataName, mode.threads(), mode.split, seconds, FLOPS_PER_EXAMPLE * set.count() / seconds / 1e9,
                    r.history().get(0).trainLoss());
            out.flush();
        }
    }

    /** Random pixels and labels of the given size, seeded. */
    static DataSet synthetic(int count, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * features];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) random.nextInt(256);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte) random.nextInt(10);
        return new DataSet("synthetic", pixels, features, labels, DataSets.FASHION_MNIST_CLASSES);
    }
}
