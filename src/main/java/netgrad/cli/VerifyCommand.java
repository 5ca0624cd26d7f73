package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import netgrad.backprop.Backprop;
import netgrad.check.CheckWeights;
import netgrad.check.EngineResult;
import netgrad.check.Engines;
import netgrad.check.GradientDump;
import netgrad.check.Mode;
import netgrad.check.ReportJson;
import netgrad.check.ReportText;
import netgrad.check.SelfTest;
import netgrad.check.TaylorReport;
import netgrad.check.Sweep;
import netgrad.check.Tolerances;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.explain.Derivations;
import netgrad.fd.FiniteDifferences;
import netgrad.html.VerifyPage;
import netgrad.io.AtomicFiles;
import netgrad.io.WeightFiles;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.plan.Plan;
import netgrad.problem.BatchMaker;

/**
 * {@code netgrad verify FILE.net}: the three-way gradient check. Hand-derived backprop, the autodiff tape and
 * central finite differences compute ∇W_k, ∇b_k, ∇a_k, ∇h_k on a seeded batch; the report lists every step of the
 * derivation in backward order and names the first wrong one with its formula, layer and spec line.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Check the gradients of a .net spec three ways: hand-derived backprop, the autodiff tape and "
                + "central finite differences, for every parameter and every intermediate a_k, h_k.",
                "Prints each step of back_propagation in the order it computes them and names the first wrong one.",
                "Every run also plants each applicable mistake of the catalogue into backprop on the same weights and "
                        + "batch (power: N of M caught) and reports dead or saturated layers.",
                "Verdict: agree (exit 0), disagree (exit 1), or inconclusive (exit 3: everything compared agrees, but a "
                        + "quantity was not exercised or a planted mistake was missed).",
                "Weights: W from the spec's init, each b_k drawn from N(0, 0.1²) seeded by --seed (zero biases hide "
                        + "bias mistakes); --spec-init keeps the spec's exact init."})
public final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the .net spec file")
    Path file;

    /** Only to refuse them with a clear message: verify takes one spec (check takes several). */
    @Parameters(index = "1..*", hidden = true)
    java.util.List<Path> extraFiles = new java.util.ArrayList<>();

    @Option(names = "--batch", paramLabel = "B", description = "examples in the batch, 1 to " + BatchMaker.MAX_EXAMPLES + " (default: ${DEFAULT-VALUE})")
    int examples = BatchMaker.DEFAULT_EXAMPLES;

    @Option(names = "--seed", paramLabel = "S", description = "seeds the batch, the sample and the directions (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--weights", paramLabel = "FILE.npz",
            description = "take W1, b1, …, WL, bL from this .npz (e.g. numpy.savez) instead of the spec's init")
    Path weights;

    @Option(names = "--step", paramLabel = "ε", description = "finite-difference step, relative: ε·max(1,|v|), "
            + "1e-10 to 1e-2 (default: ${DEFAULT-VALUE})")
    double step = FiniteDifferences.DEFAULT_STEP;

    @Option(names = "--force", description = "allow a --step outside 1e-10 … 1e-2 (where rounding or truncation swamps it)")
    boolean force;

    @Option(names = "--spec-init", description = "check at the spec's exact init (zero biases: bias mistakes cannot show)")
    boolean specInit;

    @Option(names = "--tol", paramLabel = "R", description = "relative tolerance backprop↔tape (default: ${DEFAULT-VALUE})")
    double tapeTolerance = Tolerances.DEFAULT_TAPE_TOLERANCE;

    @Option(names = "--tol-fd", paramLabel = "R", description = "relative tolerance against finite differences (default: ${DEFAULT-VALUE})")
    double fdTolerance = Tolerances.DEFAULT_FD_TOLERANCE;

    @Option(names = "--floor", paramLabel = "A",
            description = "differences below this × the quantity's largest |entry| count as equal; raised to the rounding "
                    + "noise for finite differences (default: ${DEFAULT-VALUE})")
    double floor = Tolerances.DEFAULT_FLOOR;

    @Option(names = "--mode", paramLabel = "MODE", description = "full, sampled, directional or taylor (the "
            + "step-free Taylor-remainder test) (default: full up to "
            + Mode.FULL_LIMIT + " parameters, sampled above)")
    String mode;

    @Option(names = "--sample", paramLabel = "N", description = "entries per quantity in sampled mode (implies --mode sampled; default: "
            + Mode.DEFAULT_SAMPLES + ")")
    Integer samples;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--dump", paramLabel = "FILE.npz",
            description = "write the weights used, x, y and the gradients of all three (backprop_W1, tape_W1, fd_W1, …, a_k and h_k too) for NumPy; "
                    + "finite differences of every entry, whatever the mode (slow for big networks)")
    Path dump;

    @Option(names = "--html", paramLabel = "FILE.html",
            description = "also write the report as a self-contained page: verdict colours, the first wrong step "
                    + "linked to its formula in the derivation's backward pass")
    Path html;

    @Option(names = "--sweep", description = "show the error of finite differences against backprop for steps 1e-1 … 1e-10")
    boolean sweep;

    @Option(names = "--self-test", description = "plant classic derivation bugs into backprop and show that verify catches each at its step")
    boolean selfTest;

    @Option(names = "--problem", paramLabel = "FILE.npz",
            description = "check on this problem's W1, b1, …, x, y (γ_k, β_k and dropout's masks m_k too; from netgrad "
                    + "problem) instead of the spec's init and a seeded batch")
    Path problem;

    @Option(names = "--gradients", paramLabel = "FILE.npz",
            description = "your own gradients (dW1, db1, da1, dh1, …; dgamma1, dbeta1, dahat1 with batch norm) and forward "
                    + "values (a1, h1, yhat, loss; mu1, var1, xhat1, ahat1) on --problem: a column \"yours\"")
    Path gradients;

    @Option(names = "--list-mistakes", description = "list the catalogue of classic mistakes (ids, what is wrong, the fix)")
    boolean listMistakes;

    /** The sane range of --step: below, rounding swamps the differences; above, truncation does. */
    static final double MIN_STEP = 1e-10;
    static final double MAX_STEP = 1e-2;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listMistakes) {
            out.print(netgrad.check.MistakeListing.render());
            out.flush();
            return ExitCodes.OK;
        }
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        String usage = usageProblem();
        if (usage != null) {
            throw new ParameterException(spec.commandLine(), usage);
        }
        Plan plan = SpecFiles.load(file, err);
        if (plan == null) {
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        long units = 0;
        for (int k = 0; k <= plan.depth(); k++) {
            units += plan.units(k);
        }
        long needed = CheckWeights.bytesNeeded(plan.parameterCount(), units * examples);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            return invalid(err, tooBig(needed, heap));
        }
        try {
            return run(plan, out, err);
        } catch (OutOfMemoryError e) {
            return invalid(err, tooBig(Math.max(needed, heap + (heap >> 1)), heap));
        }
    }

    /** "this check needs about 2.6 GB but the Java heap holds 1.0 GB: …". */
    static String tooBig(long needed, long heap) {
        long gb = (needed + (1L << 30) - 1) >> 30;
        return String.format(java.util.Locale.ROOT, "this check needs about %.1f GB but the Java heap holds %.1f GB; "
                + "raise it with NETGRAD_JAVA_OPTS=-Xmx%dg, or use a smaller --batch", needed / 1e9, heap / 1e9, gb);
    }

    private int run(Plan plan, PrintWriter out, PrintWriter err) {
        netgrad.problem.ProblemFile.Problem given = problem == null ? null : YoursInputs.problem(problem, plan, err);
        netgrad.answer.Answer answer = given == null || gradients == null ? null : YoursInputs.answer(gradients, plan, given, err);
        if ((problem != null && given == null) || (gradients != null && answer == null)) {
            return ExitCodes.INVALID_INPUT;
        }
        netgrad.model.Parameters theta;
        try {
            theta = given != null ? given.theta() : weights == null ? Initializer.initialize(plan) : WeightFiles.load(weights, plan);
        } catch (NoSuchFileException e) {
            return invalid(err, weights + ": no such file");
        } catch (WeightFiles.InvalidWeightsException | netgrad.io.NpzFormatException e) {
            return invalid(err, e.getMessage());
        } catch (IOException e) {
            return invalid(err, "cannot read " + weights + ": " + reason(e));
        }
        String origin;
        if (given != null) {
            origin = "W_k, b_k, x and y from " + problem;
        } else if (weights != null) {
            origin = "from " + weights;
        } else if (specInit) {
            origin = "the spec's init (--spec-init: b_k = 0, so bias mistakes cannot show)";
        } else if (plan.init().scheme() == netgrad.plan.Init.Scheme.ZEROS) {
            // drawn biases would break the very symmetry that init zeros is there to show
            origin = "init zeros: W_k = 0 and b_k = 0 kept (bias mistakes cannot show)";
        } else {
            CheckWeights.drawBiases(theta, seed);
            origin = "W from the spec's init; b_k ~ N(0, " + CheckWeights.BIAS_SD + "²) drawn with --seed " + seed
                    + " (--spec-init: zeros)";
        }
        Batch batch = given != null ? given.batch() : BatchMaker.make(plan, examples, seed);
        Backprop backprop = new Backprop(plan);
        EngineResult exact = Engines.backprop(backprop, theta, batch);
        if (!Double.isFinite(exact.loss())) {
            return invalid(err, "the loss L is " + exact.loss() + " at these weights and inputs, so there is no gradient to check"
                    + (weights == null ? " (check the spec's init scale)" : " (check the values in " + weights + ")"));
        }
        if ("taylor".equals(mode)) {
            TaylorReport taylor = TaylorReport.run(plan, theta, batch, exact, Engines.tape(plan, theta, batch), seed);
            out.print(taylor.render());
            out.flush();
            return taylor.verdict().exitCode();
        }
        Verifier.Options options = new Verifier.Options(new Tolerances(step, tapeTolerance, fdTolerance, floor), chosenMode(),
                samples == null ? Mode.DEFAULT_SAMPLES : samples, seed);
        if (selfTest) {
            SelfTest.Result result = SelfTest.run(plan, theta, batch, options);
            out.print(SelfTest.render(result));
            out.flush();
            return result.passed() ? ExitCodes.OK : result.baseline().agrees() ? ExitCodes.INCONCLUSIVE : ExitCodes.FAILED;
        }
        if (sweep) {
            int perTensor = chosenMode() == Mode.SAMPLED || (chosenMode() == null && Mode.automatic(plan) == Mode.SAMPLED)
                    ? options.samples() : 0;
            out.print(Sweep.render(Sweep.run(plan, theta, batch, exact.gradients(), perTensor, seed), step));
            out.flush();
            return ExitCodes.OK;
        }
        EngineResult tape = Engines.tape(plan, theta, batch);
        VerifyReport report = Verifier.verify(plan, theta, batch, exact, tape, options);
        if (dump != null) {
            try {
                GradientDump.dump(dump, plan, theta, batch, exact, tape, step);
            } catch (IOException e) {
                err.println("netgrad verify: cannot write " + dump + ": " + reason(e));
                err.flush();
                return ExitCodes.FAILED;
            }
        }
        netgrad.answer.YoursCheck.Result yours = answer == null ? null : netgrad.answer.YoursCheck.run(plan, theta, batch,
                exact.gradients(), answer, given.layout());
        if (html != null) {
            try {
                String command = "netgrad " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
                AtomicFiles.writeString(html, VerifyPage.render(report, Derivations.of(plan, file.toString()), command,
                        yours));
            } catch (IOException e) {
                err.println("netgrad verify: cannot write " + html + ": " + reason(e));
                err.flush();
                return ExitCodes.FAILED;
            }
        }
        out.print(YoursInputs.withYours(json ? ReportJson.render(report) : ReportText.render(report, origin), json, yours));
        if (!json) {
            symmetry(out, netgrad.model.Symmetry.of(plan, theta, exact.gradients()));
        }
        if (dump != null && !json) {
            out.println("wrote " + dump + " (weights, x, y and the gradients of backprop, tape and finite differences)");
        }
        if (html != null && !json) {
            out.println("wrote " + html);
        }
        out.flush();
        // the reference engines' verdict; with --gradients, wrong answers of yours are a disagreement
        return yours != null && !yours.agrees() ? ExitCodes.FAILED : report.verdict().exitCode();
    }

    /**
     * After the report, when hidden units start identical (init zeros): which ∇W_k have equal rows, so the
     * reader sees why no gradient step can tell those units apart (and why some mistakes cannot show).
     */
    private static void symmetry(PrintWriter out, netgrad.model.Symmetry symmetry) {
        for (netgrad.model.Symmetry.Layer layer : symmetry.layers()) {
            out.printf("symmetry: layer %d's %d units start identical; %s%n", layer.k(), layer.units(),
                    layer.gradientRowsEqual() ? "the rows of ∇W_" + layer.k() + " are equal: no step parts them"
                            : "yet the rows of backprop's ∇W_" + layer.k() + " differ");
        }
    }

    /** A one-line reason for an I/O failure (the JDK's messages for these are only the path). */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.getMessage();
    }

    private int invalid(PrintWriter err, String message) {
        err.println("netgrad verify: " + message);
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    /** A message for a nonsensical combination or value of flags, else null. */
    private String usageProblem() {
        if (!extraFiles.isEmpty()) {
            return "verify takes one spec (got " + (extraFiles.size() + 1) + "); for several: for f in *.net; do"
                    + " netgrad verify $f; done";
        }
        if (seed < 0) {
            return "--seed must be 0 or more, like a spec's init seed, not " + seed;
        }
        String output = OutputPaths.problem("--dump", dump);
        if (output != null) {
            return output;
        }
        if (examples < 1 || examples > BatchMaker.MAX_EXAMPLES) {
            return "--batch must be a whole number from 1 to " + BatchMaker.MAX_EXAMPLES + ", not " + examples;
        }
        if (!(step > 0) || step >= 1 || Double.isInfinite(step)) {
            return "--step must lie between 0 and 1 (exclusive), not " + step;
        }
        if (!force && (step < MIN_STEP || step > MAX_STEP)) {
            return "--step must lie between 1e-10 and 1e-2, not " + step + ": below, rounding swamps the differences; "
                    + "above, truncation does (--force to use it anyway)";
        }
        if (specInit && weights != null) {
            return "--spec-init and --weights cannot be combined (--weights already gives every b_k)";
        }
        if ("taylor".equals(mode) && (samples != null || json || dump != null || sweep || selfTest)) {
            return "--mode taylor prints its own table: it cannot be combined with --sample, --json, --dump, --sweep "
                    + "or --self-test";
        }
        if (!(tapeTolerance > 0) || Double.isInfinite(tapeTolerance)) {
            return "--tol must be a positive number, not " + tapeTolerance;
        }
        if (!(fdTolerance > 0) || Double.isInfinite(fdTolerance)) {
            return "--tol-fd must be a positive number, not " + fdTolerance;
        }
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            return "--floor must be a number ≥ 0, not " + floor;
        }
        if (mode != null && parseMode(mode) == null && !"taylor".equals(mode)) {
            return "--mode must be full, sampled, directional or taylor, not '" + mode + "'";
        }
        if (samples != null && samples < 1) {
            return "--sample must be at least 1, not " + samples;
        }
        if (samples != null && mode != null && parseMode(mode) != Mode.SAMPLED) {
            return "--sample goes with --mode sampled, not --mode " + mode;
        }
        if (gradients != null && problem == null) {
            return "--gradients needs --problem: the weights and batch your gradients were computed on";
        }
        if (problem != null && weights != null) {
            return "--problem holds the weights: it cannot be combined with --weights";
        }
        if (gradients != null && (sweep || selfTest || dump != null)) {
            return "--gradients cannot be combined with --sweep, --self-test or --dump";
        }
        int actions = (sweep ? 1 : 0) + (selfTest ? 1 : 0);
        if (actions > 1) {
            return "--sweep and --self-test cannot be combined";
        }
        if (actions > 0 && (json || dump != null || html != null)) {
            return (sweep ? "--sweep" : "--self-test") + " prints a table: it cannot be combined with --json, --dump "
                    + "or --html";
        }
        return null;
    }

    private Mode chosenMode() {
        if (samples != null) {
            return Mode.SAMPLED;
        }
        return mode == null ? null : parseMode(mode);
    }

    private static Mode parseMode(String keyword) {
        for (Mode m : Mode.values()) {
            if (m.keyword().equals(keyword)) {
                return m;
            }
        }
        return null;
    }
}
