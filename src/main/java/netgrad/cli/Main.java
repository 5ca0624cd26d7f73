package netgrad.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netgrad} command: one subcommand per job, each returning its exit code. */
@Command(name = "netgrad", mixinStandardHelpOptions = true, version = "netgrad 0.1.0",
        description = "Checks and explains the gradients of feed-forward networks written as .net specs.",
        footer = ExitCodes.FOOTER)
public final class Main implements Callable<Integer> {
    /** The commands, in the order the usage lists them (the order a user meets them). */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("help", CommandLine.HelpCommand::new);
        m.put("check", CheckCommand::new);
        m.put("plan", PlanCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("problem", ProblemCommand::new);
        m.put("explain", ExplainCommand::new);
        m.put("graph", GraphCommand::new);
        m.put("train", TrainCommand::new);
        m.put("evaluate", EvaluateCommand::new);
        m.put("export", ExportCommand::new);
        m.put("bench", BenchCommand::new);
        return m;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs netgrad in-process with the given writers; returns the exit code (used by tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : "");
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

    /** The configured command line with every command: usage errors exit 2, uncaught exceptions 70. */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command line for a run whose first argument is {@code first}: only that command when it names
     * one (picocli reflects over the options of every command it is given, a measurable part of a short
     * command's start), every command otherwise (usage, help, a mistyped name).
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        if (COMMANDS.containsKey(first) && !first.equals("help")) {
            cli.addSubcommand(COMMANDS.get(first).get());
        } else {
            COMMANDS.values().forEach(command -> cli.addSubcommand(command.get()));
        }
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
