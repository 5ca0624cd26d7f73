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
import netgrad.model.Masks;
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
            description = "The example as a .npz with x (n0 values) and y (a class index or n_L values); for a batch "
                    + "(explain with batch norm or dropout, --mistakes) x of n0 × B and y of 1 × B or n_L × B.")
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
        return choose(plan, batchSize, false);
    }

    /**
     * The weights and a batch: {@code batchSize} seeded examples with their dropout masks, or the columns of
     * --example's x (n0 × B) and y (1 × B class indices, or n_L × B) with masks drawn with --seed. For
     * {@code explain --trace} of batch norm and dropout, which follows a batch, and {@code --mistakes}.
     */
    public Chosen chooseBatch(Plan plan, int batchSize) throws InputException {
        return choose(plan, batchSize, true);
    }

    /** --example's file, or null (with a file, the file, not a batch size, decides how many examples there are). */
    public Path exampleFile() {
        return example;
    }

    private Chosen choose(Plan plan, int batchSize, boolean columns) throws InputException {
        Parameters theta = weights == null ? Initializer.initialize(plan) : readWeights(plan);
        String thetaFrom = weights == null ? "weights from the spec's " + plan.init().scheme().keyword()
                + " initialisation (seed " + plan.init().seed() + ")" : "weights from " + weights;
        Batch batch;
        String exampleFrom;
        if (example == null) {
            batch = Examples.seeded(plan, seed, batchSize);
            exampleFrom = (batchSize == 1 ? "x and y" : batchSize + " examples (x, y)")
                    + (columns && batch.masks().any() ? " and their dropout masks" : "") + " drawn with seed " + seed;
        } else {
            Map<String, Matrix> arrays = read(example);
            try {
                batch = columns ? givenColumns(plan, need(arrays, "x", example), need(arrays, "y", example))
                        : Examples.given(plan, need(arrays, "x", example), need(arrays, "y", example));
            } catch (IllegalArgumentException e) {
                throw new InputException(example + ": " + e.getMessage());
            }
            exampleFrom = (batch.size() == 1 ? "x and y" : batch.size() + " examples (x, y)") + " from " + example
                    + (batch.masks().any() ? ", dropout masks drawn with seed " + seed : "");
        }
        double loss = Engines.backprop(new Backprop(plan), theta, batch).loss();
        if (!Double.isFinite(loss)) {
            throw new InputException("the loss L is " + loss + " at these weights and inputs, so there are no numbers to show"
                    + (weights == null ? " (check the spec's init scale)" : " (check the values in " + weights + ")"));
        }
        return new Chosen(theta, batch, (batch.size() == 1 ? "One example: " : "") + exampleFrom + "; " + thetaFrom + ".");
    }

    /**
     * The batch whose example j is column j of x (n0 × B) and of y (1 × B class indices for softmax, or n_L × B),
     * each column checked as one example ({@link Examples#given}); dropout masks drawn with --seed.
     */
    private Batch givenColumns(Plan plan, Matrix x, Matrix y) {
        if (x.rows != plan.inputSize()) {
            throw new IllegalArgumentException("x is " + x.shape() + " but the network takes " + plan.inputSize()
                    + " rows (n0), one column per example");
        }
        if (x.cols != y.cols) {
            throw new IllegalArgumentException("x has " + x.cols + " columns (examples) but y has " + y.cols);
        }
        int[] labels = new int[x.cols];
        boolean classes = false;
        for (int j = 0; j < x.cols; j++) {
            Batch one;
            try {
                one = Examples.given(plan, column(x, j), column(y, j));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((x.cols > 1 ? "column " + j + ": " : "") + e.getMessage());
            }
            classes = one.labels() != null;
            labels[j] = classes ? one.labels()[0] : 0;
        }
        Batch batch = classes ? Batch.classification(x, labels, plan.units(plan.depth())) : new Batch(x, y, null);
        return batch.withMasks(Masks.draw(plan, x.cols, seed));
    }

    private static Matrix column(Matrix m, int j) {
        Matrix c = new Matrix(m.rows, 1);
        for (int i = 0; i < m.rows; i++) {
            c.data[i] = m.get(i, j);
        }
        return c;
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
