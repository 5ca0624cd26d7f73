package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import netgrad.bench.EpochBench;
import netgrad.bench.EpochProfile;
import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.plan.Activation;

/**
 * {@code netgrad bench profile}: where an epoch's time goes, phase by phase ({@link EpochProfile}), for the
 * network and modes of {@code bench epoch}. docs/training.md keeps a run's tables.
 */
@Command(name = "profile", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Profile training epochs of 784-128-128-10 phase by phase (batch assembly, each product,",
                "elementwise work, optimizer, evaluation), sampled by the JDK's flight recorder."})
public final class BenchProfileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--activation", paramLabel = "G", description = "tanh or relu (default: relu)")
    String activation = "relu";

    @Option(names = "--epochs", paramLabel = "N", description = "profiled epochs after one warm-up (default: 3)")
    int epochs = 3;

    @Option(names = "--batch", paramLabel = "B", description = "batch size (default: 64)")
    int batch = 64;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "ONE (1 thread), PRODUCTS (2 per product) or BATCH (2, each half the batch; default)")
    EpochBench.Mode mode = EpochBench.Mode.BATCH;

    @Option(names = "--precision", paramLabel = "P", converter = TrainCommand.PrecisionConverter.class,
            description = "float64 (default) or float32 (the steps of train --precision float32)")
    netgrad.train.Precision precision = netgrad.train.Precision.FLOAT64;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST directory: profile on the real training set (default: synthetic data)")
    Path data;

    @Override
    public Integer call() {
        if (epochs < 1 || batch < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs and --batch must be at least 1");
        }
        Activation g = Activation.Kind.named(activation).filter(BenchEpochCommand.BENCHED::contains)
                .map(kind -> kind.make(0.0)).orElse(null);
        if (g == null) {
            throw new ParameterException(spec.commandLine(), "unknown activation '" + activation + "' (tanh or relu)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataSet set;
        String setName;
        if (data == null) {
            set = EpochBench.synthetic(60000, 784, 1);
            setName = "synthetic";
        } else {
            if (!Files.isDirectory(data)) {
                err.println("netgrad bench profile: --data " + data + ": no such directory");
                return ExitCodes.INVALID_INPUT;
            }
            try {
                set = DataSets.load(DataSets.FASHION_MNIST, data).train();
            } catch (IOException e) {
                err.println("netgrad bench profile: " + e.getMessage());
                return ExitCodes.INVALID_INPUT;
            }
            setName = "real";
        }
        EpochProfile.Result r;
        try {
            r = EpochProfile.profile(g, set, mode, precision, epochs, batch);
        } catch (IOException e) {
            err.println("netgrad bench profile: the flight recording could not be written: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.printf(Locale.ROOT, "# %s %s %s, split=%s (%d threads), batch %d, kernel %s; %d epochs of %d examples%n",
                g.keyword(), setName, precision.keyword(), mode.split(), mode.threads(), batch,
                netgrad.linalg.Ops.kernel(), epochs,
                set.count() - set.count() / 10);
        out.printf(Locale.ROOT, "# and the held-out %d evaluated after each; mean epoch %.3f s; %d samples%n",
                set.count() / 10, r.epochSeconds(), r.total());
        out.printf(Locale.ROOT, "%-48s %7s %16s%n", "phase", "share", "thread-ms/epoch");
        for (EpochProfile.Phase p : EpochProfile.Phase.values()) {
            int n = r.samples().get(p);
            if (n == 0) continue;
            out.printf(Locale.ROOT, "%-48s %6.1f%% %16.0f%n", p.label(), 100 * r.share(p),
                    n * 10.0 / epochs);
        }
        out.println("(a sample every 10 ms of each training thread's running Java code; parked threads are not sampled)");
        out.flush();
        return ExitCodes.OK;
    }
}
