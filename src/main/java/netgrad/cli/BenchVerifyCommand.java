package netgrad.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import netgrad.check.Engines;
import netgrad.check.Mode;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.fd.FiniteDifferences;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.BatchMaker;

/**
 * {@code netgrad bench verify}: a full finite-difference check of every one of the 25,450 parameters of a
 * 784-32-10 network (logistic hidden layer, softmax with cross-entropy, Xavier weights) on 8 examples, the
 * workload of PyTorch's {@code torch.autograd.gradcheck} on the same network. Measured: the incremental finite
 * differences alone, the whole three-way verify (backprop, tape, finite differences of every parameter and
 * intermediate, comparisons), and as the baseline in the same run, brute-force finite differences (a whole
 * forward pass per evaluation) on a prefix of the parameters, extrapolated to all of them.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Time a full finite-difference gradient check of a 784-32-10 network on 8 examples (25,450 parameters).")
public final class BenchVerifyCommand implements Callable<Integer> {
    static final int[] SIZES = {784, 32, 10};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", defaultValue = "8", description = "examples in the batch (default: ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed repetitions first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--repetitions", defaultValue = "5", description = "timed repetitions, median reported (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--baseline", defaultValue = "1000",
            description = "parameters the brute-force baseline differences (then extrapolated; default: ${DEFAULT-VALUE})")
    int baselineEntries;

    @Option(names = "--seed", defaultValue = "1", description = "seeds weights and batch (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (examples < 1 || warmup < 0 || repetitions < 1 || baselineEntries < 1) {
            err.println("netgrad bench verify: --batch, --repetitions and --baseline must be at least 1, --warmup at least 0");
            err.flush();
            return ExitCodes.USAGE;
        }
        Plan plan = Plan.of("bench-784-32-10", SIZES, List.of(new Activation.Logistic()), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(seed));
        Parameters theta = Initializer.initialize(plan);
        Batch batch = BatchMaker.make(plan, examples, seed);
        List<Quantity> names = plan.parameters();
        long parameters = plan.parameterCount();

        long[] fdTimes = new long[repetitions];
        long[] verifyTimes = new long[repetitions];
        double checksum = 0;
        VerifyReport report = null;
        Verifier.Options options = Verifier.Options.defaults().withMode(Mode.FULL);
        for (int rep = -warmup; rep < repetitions; rep++) {
            long start = System.nanoTime();
            checksum = allParameters(plan, theta, batch, names);
            long middle = System.nanoTime();
            report = Engines.verify(plan, theta, batch, options);
            long end = System.nanoTime();
            if (rep >= 0) {
                fdTimes[rep] = middle - start;
                verifyTimes[rep] = end - middle;
            }
        }
        int prefix = (int) Math.min(baselineEntries, parameters);
        long bruteStart = System.nanoTime();
        double bruteChecksum = 0;
        for (int i = 0; i < prefix; i++) {
            bruteChecksum += FiniteDifferences.bruteForce(plan, theta, batch, Quantity.W(1), i, FiniteDifferences.DEFAULT_STEP);
        }
        double bruteNanos = System.nanoTime() - bruteStart;
        double bruteAll = bruteNanos / prefix * parameters;

        out.printf("bench verify: 784-32-10 (logistic → softmax, cross-entropy), %,d parameters, batch of %d; median of %d after %d warm-up%n",
                parameters, examples, repetitions, warmup);
        out.printf("  %-68s %9.1f ms%n", "finite differences of all parameters (incremental, 2 evaluations each)", Timing.median(fdTimes) / 1e6);
        out.printf("  %-68s %9.1f ms%n", "whole verify: backprop + tape + fd of every parameter and a_k, h_k", Timing.median(verifyTimes) / 1e6);
        out.printf("  %-68s %9.1f ms%n", "baseline: brute force (whole forward pass per evaluation), extrapolated", bruteAll / 1e6);
        out.printf("    (measured on the first %,d entries of W1: %.1f ms, %.1f µs per entry)%n", prefix, bruteNanos / 1e6,
                bruteNanos / prefix / 1e3);
        out.printf("  %-68s %9.1f x%n", "speed-up of the incremental differences over brute force", bruteAll / Timing.median(fdTimes));
        out.printf("  verify agrees: %s (%,d entries compared); checksums %.6e, %.6e%n", report.agrees(), report.entriesChecked(),
                checksum, bruteChecksum);
        out.flush();
        return report.agrees() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Σ over every parameter of its finite-difference derivative (so the work cannot be skipped). */
    static double allParameters(Plan plan, Parameters theta, Batch batch, List<Quantity> names) {
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, FiniteDifferences.DEFAULT_STEP);
        double sum = 0;
        for (Quantity name : names) {
            int size = theta.get(name).size();
            for (int i = 0; i < size; i++) {
                sum += fd.entry(name, i).value();
            }
        }
        return sum;
    }
}
