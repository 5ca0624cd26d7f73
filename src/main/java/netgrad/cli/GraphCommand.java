package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import netgrad.graph.DotGraph;
import netgrad.graph.Graphviz;
import netgrad.graph.LayerDot;
import netgrad.graph.LayerGraph;
import netgrad.graph.LayerSvg;
import netgrad.io.AtomicFiles;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code netgrad graph FILE.net}: the lecture's layer chain ({@link LayerGraph}; the default) or, with
 * {@code --level ops}, the autodiff tape of one example as a Graphviz graph. Writes DOT to standard
 * output, or to {@code -o FILE.dot}; {@code -o FILE.svg} / {@code FILE.png} run Graphviz's {@code dot}. When
 * {@code dot} is not installed the DOT is written beside the requested file, the way to install Graphviz is
 * printed, and the command exits 1 (the requested picture was not made).
 */
@Command(name = "graph", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Draw the network in FILE.net: by default its layers, the lecture's chain x → a1 → h1 → … → ŷ → L "
                + "with W_k, b_k, every shape and each edge's operation; with --level ops the autodiff tape of one "
                + "example: every node with its op, its plan name (a2, h1, ŷ, L), its value and its gradient.",
                "Layers: -o FILE.svg is laid out by netgrad itself; -o FILE.png needs Graphviz's dot (without it the "
                + "SVG is written instead and the exit code is 1).",
                "Ops: -o FILE.svg or FILE.png are rendered with Graphviz's dot; without dot, FILE.dot is "
                + "written instead, the install command is printed, and the exit code is 1."})
public final class GraphCommand implements Callable<Integer> {
    enum Level { layers, ops }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE.net", description = "The network spec.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write FILE.dot, FILE.svg or FILE.png (default: DOT on standard output).")
    Path output;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "layers",
            description = "layers (the default: the lecture's chain x → a1 → h1 → … → ŷ → L with W_k, b_k and shapes; "
                    + ".svg laid out by netgrad, .png through Graphviz) or ops (the autodiff tape of one example).")
    Level level;

    @Mixin
    ExampleOptions exampleOptions;

    @Override
    public Integer call() {
        String format = output == null ? "dot" : extension(output);
        if (!format.equals("dot") && !format.equals("svg") && !format.equals("png")) {
            throw new ParameterException(spec.commandLine(),
                    "cannot write '" + output + "': use a .dot, .svg or .png file");
        }
        String unwritable = OutputPaths.problem("-o", output);
        if (unwritable != null) {
            throw new ParameterException(spec.commandLine(), unwritable);
        }
        if (level == Level.layers) {
            for (String option : new String[] {"--weights", "--example", "--seed"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(),
                            option + " goes with --level ops (the layer graph has no numbers)");
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan plan = SpecFiles.load(file, err);
        if (plan == null) {
            return ExitCodes.INVALID_INPUT;
        }
        if (level == Level.layers) {
            return layers(plan, format, out, err);
        }
        ExampleOptions.Chosen chosen;
        try {
            chosen = exampleOptions.choose(plan, 1);
        } catch (ExampleOptions.InputException e) {
            err.println("netgrad graph: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Recording recording = Recorder.record(plan, chosen.theta(), chosen.example());
        String dot = DotGraph.of(recording.tape(), plan.name(), caption(plan, chosen.origin()));
        try {
            if (output == null) {
                out.print(dot);
                out.flush();
            } else if (format.equals("dot")) {
                AtomicFiles.writeString(output, dot);
                out.println("wrote " + output);
            } else {
                return render(dot, format, out, err);
            }
        } catch (IOException e) {
            err.println("netgrad graph: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /** The layer graph: DOT, netgrad's own SVG, or a PNG through Graphviz (without it: the SVG instead, exit 1). */
    private int layers(Plan plan, String format, PrintWriter out, PrintWriter err) {
        LayerGraph graph = LayerGraph.of(plan);
        try {
            if (output == null) {
                out.print(LayerDot.of(graph));
                out.flush();
            } else if (format.equals("dot")) {
                AtomicFiles.writeString(output, LayerDot.of(graph));
                out.println("wrote " + output);
            } else if (format.equals("svg")) {
                AtomicFiles.writeString(output, LayerSvg.svg(graph));
                out.println("wrote " + output);
            } else if (Graphviz.dot().isPresent()) {
                return render(LayerDot.of(graph), format, out, err);
            } else {
                String name = output.getFileName().toString();
                Path svg = output.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".svg");
                AtomicFiles.writeString(svg, LayerSvg.svg(graph));
                err.println("netgrad graph: Graphviz's dot is not on the PATH, so " + output + " was not made; wrote "
                        + svg + " (netgrad's own layout) instead.");
                err.println("  For a PNG, " + Graphviz.INSTALL_HINT + ".");
                return ExitCodes.FAILED;
            }
        } catch (IOException e) {
            err.println("netgrad graph: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private int render(String dot, String format, PrintWriter out, PrintWriter err) throws IOException {
        Optional<Path> program = Graphviz.dot();
        if (program.isEmpty()) {
            String name = output.getFileName().toString();
            Path dotFile = output.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".dot");
            AtomicFiles.writeString(dotFile, dot);
            err.println("netgrad graph: Graphviz's dot is not on the PATH, so " + output + " was not made; wrote "
                    + dotFile + " instead.");
            err.println("  To draw it, " + Graphviz.INSTALL_HINT + ", then run: dot -T" + format + " " + dotFile
                    + " -o " + output);
            return ExitCodes.FAILED;
        }
        Path tmp = Files.createTempFile("netgrad-graph", "." + format);
        try {
            Graphviz.render(program.get(), dot, format, tmp);
            AtomicFiles.writeBytes(output, Files.readAllBytes(tmp));
        } finally {
            Files.deleteIfExists(tmp);
        }
        out.println("wrote " + output);
        return ExitCodes.OK;
    }

    /** The graph's title, and why ŷ shows no gradient where the tape computes the loss from a_L directly. */
    static String caption(Plan plan, String origin) {
        String caption = "Tape of " + plan.name() + ": " + origin;
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY || o == OutputFunction.LOGISTIC
                && loss == Loss.BINARY_CROSS_ENTROPY) {
            caption += "\nŷ is drawn for reading only: the loss is computed from a" + plan.depth()
                    + " in a numerically stable form, so ŷ's gradient is 0.";
        }
        return caption;
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
