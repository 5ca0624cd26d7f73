package netgrad.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import netgrad.bench.DiagnosisBench;

/** {@code netgrad bench diagnosis}: the time verify --gradients takes to check and diagnose an answer on 784-128-128-10. */
@Command(name = "diagnosis", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Time checking a user's gradients and diagnosing the first wrong one on 784-128-128-10.")
public final class BenchDiagnosisCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", defaultValue = "32", description = "examples in the batch (default: ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed repetitions first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--repetitions", defaultValue = "5", description = "timed repetitions, median reported (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--seed", defaultValue = "1", description = "seeds weights and batch (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (examples < 2 || warmup < 0 || repetitions < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 2, --repetitions 1, --warmup 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        DiagnosisBench.Result r = DiagnosisBench.measure(examples, warmup, repetitions, seed);
        out.printf("bench diagnosis: 784-128-128-10 (logistic, tanh → softmax), %,d parameters, batch of %d;%n"
                + "  median of %d after %d warm-up%n", r.parameters(), examples, repetitions, warmup);
        out.printf("  %-66s %9.1f ms%n", "check every gradient of an answer and diagnose the first wrong one", r.checkNanos() / 1e6);
        out.printf("  %-66s %9.1f ms%n", "baseline: one correct forward + backward pass", r.baselineNanos() / 1e6);
        out.printf("  %-66s %9.1f x%n", "ratio", r.ratio());
        out.printf("  diagnosis named: %s (planted: tanh-prime-as-1-minus-tanh)%n", r.named());
        out.flush();
        return "tanh-prime-as-1-minus-tanh".equals(r.named()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
