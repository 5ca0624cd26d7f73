package netgrad.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import netgrad.bench.VerifyBench;

/**
 * {@code netgrad bench verify}: a full finite-difference check of every one of the 25,450 parameters of a
 * 784-32-10 network on 8 examples, against brute-force finite differences measured in the same run; the
 * measuring is {@link VerifyBench}'s. Exits 1 if the verify it times does not agree.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Time a full finite-difference gradient check of a 784-32-10 network on 8 examples (25,450 parameters).")
public final class BenchVerifyCommand implements Callable<Integer> {
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
        if (examples < 1 || warmup < 0 || repetitions < 1 || baselineEntries < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--batch, --repetitions and --baseline must be at least 1, --warmup at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        VerifyBench.Result r = VerifyBench.measure(examples, warmup, repetitions, baselineEntries, seed);
        out.printf("bench verify: 784-32-10 (logistic → softmax, cross-entropy), %,d parameters, batch of %d; median of %d after %d warm-up%n",
                r.parameters(), examples, repetitions, warmup);
        out.printf("  %-68s %9.1f ms%n", "finite differences of all parameters (incremental, 2 evaluations each)", r.fdNanos() / 1e6);
        out.printf("  %-68s %9.1f ms%n", "whole verify: backprop + tape + fd of every parameter and a_k, h_k", r.verifyNanos() / 1e6);
        out.printf("  %-68s %9.1f ms%n", "the same verify without its power measurement", r.plainVerifyNanos() / 1e6);
        out.printf("  %-68s %9.2f×%n", "power measurement's cost: whole verify / plain verify",
                r.verifyNanos() / Math.max(1, r.plainVerifyNanos()));
        out.printf("  %-68s %9.1f ms%n", "baseline: brute force (whole forward pass per evaluation), extrapolated", r.bruteAllNanos() / 1e6);
        out.printf("    (measured on the first %,d entries of W1: %.1f ms, %.1f µs per entry)%n", r.prefix(), r.bruteNanos() / 1e6,
                r.bruteNanos() / r.prefix() / 1e3);
        out.printf("  %-68s %9.1f x%n", "speed-up of the incremental differences over brute force", r.speedup());
        out.printf("  verify agrees: %s (%,d entries compared); checksums %.6e, %.6e%n", r.agrees(), r.entriesChecked(),
                r.checksum(), r.bruteChecksum());
        out.flush();
        return r.agrees() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
