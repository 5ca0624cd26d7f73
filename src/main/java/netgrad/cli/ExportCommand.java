package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import netgrad.io.WeightFiles;
import netgrad.export.PyTorchScript;
import netgrad.io.AtomicFiles;
import netgrad.io.NpzFormatException;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * {@code netgrad export FILE.net --to pytorch -o model.py [--weights W.npz]}: writes the spec's network, loss, init
 * (or the given weights) and training block as one runnable PyTorch script ({@link PyTorchScript}), atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER, sortOptions = false,
        description = {"Write a spec's network, loss, init and training as a runnable PyTorch script.",
                "The script trains on the same data with netgrad's update rules and dropout",
                "masks, runs under torchrun (--distributed; not with batch norm) and checks its",
                "autograd gradients against a verify --dump (--check)."})
public final class ExportCommand implements Callable<Integer> {
    /** The targets export can write. */
    static final String PYTORCH = "pytorch";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .net spec")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "what to write: pytorch")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.py", description = "the script to write")
    Path output;

    @Option(names = "--weights", paramLabel = "W.npz",
            description = "start from these W_k, b_k, γ_k, β_k (train's weights.npz with its running statistics, "
                    + "a verify --dump) instead of the init")
    Path weights;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        if (!PYTORCH.equals(target)) {
            err.println("netgrad export: unknown target '" + target + "' for --to (known: " + PYTORCH + ")");
            err.println("Try 'netgrad export --help' for more information.");
            return ExitCodes.USAGE;
        }
        Plan plan = SpecFiles.load(file, err);
        if (plan == null) {
            return ExitCodes.INVALID_INPUT;
        }
        Path absoluteWeights = null;
        if (weights != null) {
            try {
                WeightFiles.load(weights, plan);                        // the script reads them; refuse bad ones now
            } catch (NoSuchFileException e) {
                return invalid(err, weights + ": no such file");
            } catch (WeightFiles.InvalidWeightsException | NpzFormatException e) {
                return invalid(err, e.getMessage());
            } catch (AccessDeniedException e) {
                return invalid(err, "cannot read " + weights + ": permission denied");
            } catch (IOException e) {
                return invalid(err, "cannot read " + weights + ": " + e.getMessage());
            }
            absoluteWeights = weights.toAbsolutePath().normalize();
        }
        Training training = new TrainingFlags().training(plan);           // the spec's block or train's defaults
        String script = PyTorchScript.render(plan, file, training, plan.training().isPresent(), absoluteWeights);
        try {
            AtomicFiles.writeString(output, script);
        } catch (IOException e) {
            err.println("netgrad export: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.println("wrote " + output + " (PyTorch: " + plan.name() + ", " + plan.parameterCount() + " parameters, "
                + (absoluteWeights == null ? "the spec's init" : "weights from " + weights) + ")");
        return ExitCodes.OK;
    }

    private static int invalid(PrintWriter err, String message) {
        err.println("netgrad export: " + message);
        return ExitCodes.INVALID_INPUT;
    }
}
