package netgrad.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netgrad bench}: the project's benchmarks, one subcommand each. Figures are measured in one run
 * against a baseline measured in the same run where there is one, and printed as a table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure netgrad's speed (run with ./netgrad bench ... for the optimizing JIT).",
        footer = ExitCodes.FOOTER,
        subcommands = {BenchMatmulCommand.class, BenchTapeCommand.class, BenchEpochCommand.class, BenchVerifyCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
