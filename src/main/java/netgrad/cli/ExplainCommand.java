package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import netgrad.explain.ActivationChart;
import netgrad.explain.BatchTrace;
import netgrad.explain.Derivation;
import netgrad.explain.Derivations;
import netgrad.explain.MarkdownRenderer;
import netgrad.explain.Mistakes;
import netgrad.explain.TextRenderer;
import netgrad.explain.Trace;
import netgrad.graph.LayerGraph;
import netgrad.html.DerivationPage;
import netgrad.io.AtomicFiles;
import netgrad.plan.Activation;
import netgrad.plan.Plan;
import netgrad.problem.BatchMaker;
import netgrad.source.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code netgrad explain FILE.net}: the derivation of every gradient of the spec's network in lecture 4's
 * notation (default), a worked example with backprop's numbers ({@code --trace}: one example, or a batch of
 * {@code --batch} examples, 4 by default for batch norm and dropout, which couple them), or the classic mistakes
 * and what verify reports for each ({@code --mistakes}); as Unicode text, Markdown with LaTeX math or a page.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Show how every derivative of the network in FILE.net is derived, step by step, in the "
                + "notation of lecture 4 (a_k, h_k, W_k, b_k, g, O, ŷ, e(y)), with the shape of every quantity."})
public final class ExplainCommand implements Callable<Integer> {
    enum Format { text, markdown, html }

    /** --mistakes runs on this many seeded examples, so a sum-instead-of-mean mistake shows. */
    static final int MISTAKES_BATCH = 4;

    /** --trace of a spec with batch norm or dropout follows this many examples: the batch verify checks. */
    static final int COUPLED_TRACE_BATCH = BatchMaker.DEFAULT_EXAMPLES;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE.net", description = "The network spec.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (Unicode, the default), markdown (LaTeX math between $…$) or html (one "
                    + "self-contained page: MathML math, the layer graph, no network access; use with -o FILE.html).")
    Format format;

    @Option(names = "--trace", description = "A worked example: the same steps with the numbers of one example "
            + "(a batch for batch norm and dropout, whose examples are coupled: see --batch), forward then backward, "
            + "and the tape's agreement.")
    boolean trace;

    @Option(names = "--batch", paramLabel = "B", description = "With --trace or --mistakes: the number of seeded "
            + "examples, 1 to " + BatchMaker.MAX_EXAMPLES + " (default: 1 for --trace, " + COUPLED_TRACE_BATCH
            + " for --trace of batch norm or dropout and for --mistakes; batch norm needs 2 or more).")
    Integer batch;

    @Option(names = "--mistakes", description = "The classic mistakes for this network, each planted in backprop "
            + "and checked, with the quantities that go wrong.")
    boolean mistakes;

    @Option(names = "--activation", paramLabel = "NAME", description = "Instead of the derivation, draw g, "
            + "backprop's g′ (for an activation the spec defines, the derivative you wrote) and the tape's g′ over "
            + "z from −10 to 10 as a PNG chart, marking where the derivatives part; needs -o FILE.png.")
    String activation;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Mixin
    ExampleOptions exampleOptions;

    @Override
    public Integer call() {
        if (trace && mistakes) {
            throw new ParameterException(spec.commandLine(), "choose one of --trace and --mistakes");
        }
        if (!trace && !mistakes) {
            for (String option : new String[] {"--weights", "--example", "--seed", "--batch"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(),
                            option + " goes with --trace or --mistakes (the derivation has no numbers)");
                }
            }
        }
        if (activation != null) {
            for (String option : new String[] {"--trace", "--mistakes", "--format"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(), option + " does not go with --activation "
                            + "(the chart is a PNG of g and g′)");
                }
            }
            if (output == null) {
                throw new ParameterException(spec.commandLine(), "--activation needs -o FILE.png (the chart is a PNG)");
            }
        }
        if (batch != null && (batch < 1 || batch > BatchMaker.MAX_EXAMPLES)) {
            throw new ParameterException(spec.commandLine(), "--batch must be a whole number from 1 to "
                    + BatchMaker.MAX_EXAMPLES + ", not " + batch);
        }
        if (batch != null && exampleOptions.exampleFile() != null) {
            throw new ParameterException(spec.commandLine(), "--batch goes with drawn examples: with --example the "
                    + "batch is the file's x, one column per example");
        }
        String unwritable = OutputPaths.problem("-o", output);
        if (unwritable != null) {
            throw new ParameterException(spec.commandLine(), unwritable);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan plan = SpecFiles.load(file, err);
        if (plan == null) {
            return ExitCodes.INVALID_INPUT;
        }
        if (activation != null) {
            return chart(plan, out, err);
        }
        Derivation derivation;
        if (trace || mistakes) {
            int size = batch != null ? batch : mistakes || plan.couplesExamples() ? COUPLED_TRACE_BATCH : 1;
            boolean normalised = plan.layers().stream().anyMatch(l -> plan.batchNorm(l.k()));
            if (normalised && size < 2) {
                throw new ParameterException(spec.commandLine(), "--batch " + size + ": batch norm needs at least 2 "
                        + "examples (with one, σ² = 0 and every x̂ is 0)");
            }
            ExampleOptions.Chosen chosen;
            try {   // lecture 4's trace follows one example; a batch for batch norm, dropout, --batch and --mistakes
                chosen = trace && !plan.couplesExamples() && size == 1 && exampleOptions.exampleFile() == null
                        ? exampleOptions.choose(plan, 1) : exampleOptions.chooseBatch(plan, size);
            } catch (ExampleOptions.InputException e) {
                err.println("netgrad explain: " + e.getMessage());
                return ExitCodes.INVALID_INPUT;
            }
            if (normalised && chosen.example().size() < 2) {
                err.println("netgrad explain: " + exampleOptions.exampleFile() + " has 1 example, but batch norm needs "
                        + "at least 2 (with one, σ² = 0 and every x̂ is 0)");
                return ExitCodes.INVALID_INPUT;
            }
            if (mistakes) {
                derivation = Mistakes.of(plan, chosen.theta(), chosen.example(), chosen.origin());
            } else if (chosen.example().size() == 1 && !plan.couplesExamples()) {
                derivation = Trace.of(plan, chosen.theta(), chosen.example(), chosen.origin()).derivation();
            } else {
                derivation = BatchTrace.of(plan, chosen.theta(), chosen.example(), chosen.origin()).derivation();
            }
        } else {
            derivation = Derivations.of(plan, file.toString());
        }
        String text = switch (format) {
            case markdown -> MarkdownRenderer.render(derivation, commandLine());
            case html -> DerivationPage.render(derivation, LayerGraph.of(plan), commandLine());
            case text -> TextRenderer.render(derivation);
        };
        if (output == null) {
            out.print(text);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            AtomicFiles.writeString(output, text); // its directory was checked before the work
        } catch (IOException e) {
            err.println("netgrad explain: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /** {@code --activation NAME -o FILE.png}: the chart of g and its two g′, written atomically. */
    private int chart(Plan plan, PrintWriter out, PrintWriter err) {
        Map<String, Activation> available = ActivationChart.available(plan);
        Activation g = available.get(activation);
        if (g == null) {
            List<String> defined = ActivationChart.defined(plan);
            List<String> names = new java.util.ArrayList<>(defined);
            names.addAll(ActivationChart.builtIn());
            String known = "; try " + String.join(", ", names);
            String message = "unknown activation '" + activation + "'";
            if (("netgrad: " + message + known).length() > 100) {
                known = "; choose one the spec defines or a built-in (" + String.join(", ",
                        ActivationChart.builtIn().subList(0, 3)) + ", …)";
            }
            throw new ParameterException(spec.commandLine(), message
                    + Suggestions.didYouMean(activation, available.keySet(), known));
        }
        ActivationChart.Curves curves = ActivationChart.of(activation, g);
        try {
            byte[] png = ActivationChart.png(curves);
            AtomicFiles.writeBytes(output, png); // its directory was checked before the work
        } catch (IOException e) {
            err.println("netgrad explain: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.println(curves.summary());
        out.flush();
        return ExitCodes.OK;
    }

    /** The command that regenerates this output, for the Markdown header. */
    private String commandLine() {
        return "netgrad explain " + file + " --format " + format + (trace ? " --trace" : "") + (mistakes ? " --mistakes" : "")
                + (batch != null ? " --batch " + batch : "");
    }
}
