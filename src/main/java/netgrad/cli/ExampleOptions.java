package netgrad.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import netgrad.backprop.Backprop;
import netgrad.check.Engines;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.problem.Examples;
import picocli.CommandLine.Option;

/**
 * The options that pick the one example a worked trace or a tape graph follows: the weights (the spec's
 * seeded initialisation, or a .npz with W1, b1, …) and the example (drawn with {@code --seed}, or a .npz with
 * x and y). Shared by {@code explain --trace} and {@code graph}.
 */
public final class ExampleOptions {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the example x and its target y (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--weights", paramLabel = "FILE.npz",
            description = "Weights W1, b1, …, WL, bL as a .npz (default: the spec's seeded init).")
    Path weights;

    @Option(names = "--example", paramLabel = "FILE.npz",
            description = "The example as a .npz with x (n0 values) and y (a class index or n_L values).")
    Path example;

    /** A bad weights or example file: the message is one line for the user; the command exits 65. */
    public static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    /** The parameters and the example, with a sentence saying where they came from. */
    public record Chosen(Parameters theta, Batch example, String origin) {}

    /** The weights and one example (or, without --example, {@code batchSize} seeded examples). */
    public Chosen choose(Plan plan, int batchSize) throws InputException {
        Parameters theta = weights == null ? Initializer.initialize(plan) : readWeights(plan);
        String thetaFrom = weights == null ? "weights from the spec's " + plan.init().scheme().keyword()
                + " initialisation (seed " + plan.init().seed() + ")" : "weights from " + weights;
        Batch batch;
        String exampleFrom;
        if (example == null) {
            batch = Examples.seeded(plan, seed, batchSize);
            exampleFrom = (batchSize == 1 ? "x and y" : batchSize + " examples (x, y)") + " drawn with seed " + seed;
        } else {
            Map<String, Matrix> arrays = read(example);
            try {
                batch = Examples.given(plan, need(arrays, "x", example), need(arrays, "y", example));
            } catch (IllegalArgumentException e) {
                throw new InputException(example + ": " + e.getMessage());
            }
            exampleFrom = "x and y from " + example;
        }
        double loss = Engines.backprop(new Backprop(plan), theta, batch).loss();
        if (!Double.isFinite(loss)) {
            throw new InputException("the loss L is " + loss + " at these weights and inputs, so there are no numbers to show"
                    + (weights == null ? " (check the spec's init scale)" : " (check the values in " + weights + ")"));
        }
        return new Chosen(theta, batch, (batch.size() == 1 ? "One example: " : "") + exampleFrom + "; " + thetaFrom + ".");
    }

    /** verify's reader, so both commands accept and refuse the same files (names, shapes, finite values). */
    private Parameters readWeights(Plan plan) throws InputException {
        try {
            return WeightFiles.load(weights, plan);
        } catch (WeightFiles.InvalidWeightsException e) {
            throw new InputException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new InputException(weights + ": no such file");
        } catch (IOException e) {
            throw new InputException(e.getMessage() == null ? weights + ": cannot read" : e.getMessage());
        }
    }

    private static Map<String, Matrix> read(Path file) throws InputException {
        try {
            return Npz.read(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(e.getMessage() == null ? file + ": cannot read" : e.getMessage());
        }
    }

    private static Matrix need(Map<String, Matrix> arrays, String name, Path file) throws InputException {
        Matrix m = arrays.get(name);
        if (m == null) {
            throw new InputException(file + ": no array named " + name + " (has " + String.join(", ", arrays.keySet()) + ")");
        }
        return m;
    }
}
