package netgrad.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import netgrad.bench.TapeBench;

/**
 * {@code netgrad bench tape}: the time of the autodiff tape's forward + backward on a 784-128-128-10 network against
 * the hand-derived backprop and against the matrix products alone; the measuring is {@link TapeBench}'s.
 */
@Command(name = "tape", mixinStandardHelpOptions = true,
        description = "Time the autodiff tape (forward + backward) on a 784-128-128-10 network against its matrix products.",
        footer = ExitCodes.FOOTER)
public final class BenchTapeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", defaultValue = "64", description = "Examples per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--warmup", defaultValue = "30", description = "Untimed repetitions first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repetitions", defaultValue = "50", description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, inputs and labels (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (batchSize < 1 || warmup < 0 || repetitions < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--batch and --repetitions must be at least 1 and --warmup at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        TapeBench.Result r = TapeBench.measure(batchSize, warmup, repetitions, seed);
        out.printf("bench tape: 784-128-128-10, logistic hidden, softmax + cross-entropy, batch %d, median of %d after %d warm-up%n",
                batchSize, repetitions, warmup);
        out.printf("  %-50s %10.3f ms%n", "tape: Recorder.record (forward + backward)", r.tapeNanos() / 1e6);
        out.printf("  %-50s %10.3f ms%n", "backprop: Backprop.gradients (forward + backward)", r.backpropNanos() / 1e6);
        out.printf("  %-50s %10.3f ms%n", "floor: the 8 matrix products alone (Ops)", r.productsNanos() / 1e6);
        out.printf("  %-50s %10.2f x%n", "ratio tape / backprop", r.ratioToBackprop());
        out.printf("  %-50s %10.2f x%n", "ratio tape / floor", r.ratio());
        out.printf("  %-50s %10d%n", "nodes on the tape", r.nodes());
        out.printf("  %-50s %10.6f%n", "loss (checksum)", r.loss());
        out.printf("  %-50s %10.6f%n", "products checksum", r.productsChecksum());
        out.flush();
        return ExitCodes.OK;
    }
}
