package netgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import netgrad.bench.EpochBench;
import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.plan.Activation;
import netgrad.train.Precision;

/**
 * {@code netgrad bench epoch}: times epochs of minibatch SGD on 784-128-128-10 (tanh and relu, softmax +
 * cross-entropy, batch 64, float64 or with --precision float32), on synthetic data of Fashion-MNIST's size (60000 × 784) and on the real
 * training set when it is installed; the timing is {@link EpochBench}'s. Prints one line per timed epoch in the format bench/run.sh reads, the
 * same as bench/numpy_epoch.py's: {@code netgrad tanh synthetic threads=1 … epoch_s=0.512 … dtype=float64}.
 */
@Command(name = "epoch", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Time training epochs of 784-128-128-10 at batch 64 in float64 (or --precision float32).",
                "bench/run.sh runs this and the NumPy + OpenBLAS baseline in the same run and prints a table."})
public final class BenchEpochCommand implements Callable<Integer> {
    /** The activations timed: those of bench/numpy_epoch.py. */
    static final Set<Activation.Kind> BENCHED = EnumSet.of(Activation.Kind.TANH, Activation.Kind.RELU);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

    @Option(names = "--modes", split = ",", paramLabel = "MODE",
            description = "ONE (1 thread), PRODUCTS (2 threads per product), BATCH (2 threads, each half the batch); default: all")
    List<EpochBench.Mode> modes = List.of(EpochBench.Mode.ONE, EpochBench.Mode.PRODUCTS, EpochBench.Mode.BATCH);

    @Option(names = "--synthetic-only", description = "skip the real data set")
    boolean syntheticOnly;

    @Option(names = "--precision", paramLabel = "P", converter = TrainCommand.PrecisionConverter.class,
            description = "float64 (default: the reference) or float32 (train --precision float32)")
    Precision precision = Precision.FLOAT64;

    @Override
    public Integer call() {
        if (epochs < 1 || batch < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs and --batch must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.printf(Locale.ROOT, "# java %s, %d processors, max heap %d MiB, product kernel %s, %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, precision == Precision.FLOAT32
                        ? netgrad.linalg.FloatOps.kernel() : netgrad.linalg.Ops.kernel(), precision.keyword());
        DataSet synthetic = EpochBench.synthetic(60000, 784, 1);
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
            Activation g = name.equals("mytanh") ? EpochBench.myTanh()
                    : Activation.Kind.named(name).filter(BENCHED::contains).map(kind -> kind.make(0.0)).orElse(null);
            if (g == null) {
                throw new ParameterException(spec.commandLine(), "unknown activation '" + name + "' (tanh, relu or mytanh)");
            }
            for (EpochBench.Mode mode : modes) {
                time(out, g, "synthetic", synthetic, mode);
                if (real != null) {
                    time(out, g, "real", real, mode);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One line per timed epoch, as soon as it is measured. */
    private void time(PrintWriter out, Activation g, String dataName, DataSet set, EpochBench.Mode mode) {
        EpochBench.time(g, set, mode, precision, epochs, batch, e -> {
            out.printf(Locale.ROOT, "netgrad %s %s threads=%d split=%s epoch_s=%.3f gflops=%.1f loss=%.4f dtype=%s%n",
                    g.keyword(), dataName, mode.threads(), mode.split(), e.seconds(), e.gflops(), e.trainLoss(),
                    precision.keyword());
            out.flush();
        });
    }
}
