package netgrad.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netgrad} command: one subcommand per job, each returning its exit code. */
@Command(name = "netgrad", mixinStandardHelpOptions = true, version = "netgrad 0.1.0",
        description = "Checks and explains the gradients of feed-forward networks written as .net specs.",
        footer = ExitCodes.FOOTER,
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, PlanCommand.class, VerifyCommand.class,
                ExplainCommand.class, GraphCommand.class, TrainCommand.class, EvaluateCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs netgrad in-process with the given writers; returns the exit code (used by tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {           // the last resort: no command lets one reach the user
            err.println("netgrad: out of memory (the Java heap holds " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB); raise it with NETGRAD_JAVA_OPTS=-Xmx8g, or give the command less to do");
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
    }

    /** The configured command line: usage errors exit 2, uncaught exceptions exit 70 with one line. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("netgrad: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex.getCause() instanceof OutOfMemoryError) {
                c.getErr().println("netgrad: out of memory (the Java heap holds " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MB); raise it with NETGRAD_JAVA_OPTS=-Xmx8g, or give the command less to do");
                return ExitCodes.INVALID_INPUT;
            }
            c.getErr().println("netgrad: internal error: " + ex + " (this is a bug in netgrad; please report it)");
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    /** {@code netgrad} without a command: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
