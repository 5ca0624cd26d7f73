package netgrad.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netgrad bench}: the project's benchmarks, one subcommand each. Figures are measured in one run
 * against a baseline measured in the same run where there is one, and printed as a table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure netgrad's speed (run with ./netgrad bench ... for the optimizing JIT).",
        footer = ExitCodes.FOOTER,
        subcommands = {BenchMatmulCommand.class, BenchTapeCommand.class, BenchEpochCommand.class, BenchVerifyCommand.class, BenchDiagnosisCommand.class,
                BenchProfileCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code netgrad bench} without a benchmark: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
