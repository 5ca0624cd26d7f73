package netgrad.problem;

import java.util.Random;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Masks;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;

/**
 * The batch verify checks on when the user gives none: inputs x ~ N(0, 1) (n_0 × B) from a seeded generator,
 * and targets drawn to fit the output: a class y drawn uniformly (one-hot e(y)) for softmax, 0/1 entries for
 * binary cross-entropy, U(0, 1) for logistic outputs with squared error, N(0, 1) reals otherwise.
 * {@link Random} is specified exactly, so the batch is the same on every JVM. {@code explain} draws its
 * example the same way. A plan with dropout gets masks m_k drawn from the same seed ({@link Masks#draw}), so
 * every engine checks the same training-mode pass.
 */
public final class BatchMaker {
    /** "A few examples": enough for the mean over the batch to matter (B &gt; 1) and for a quick check. */
    public static final int DEFAULT_EXAMPLES = 4;

    /** The most examples verify accepts: a gradient check needs a few, and every engine keeps n_k × B matrices per layer. */
    public static final int MAX_EXAMPLES = 1000;

    private BatchMaker() {}

    public static Batch make(Plan plan, int examples, long seed) {
        Batch batch = examples(plan, examples, seed);
        return batch.withMasks(Masks.draw(plan, examples, seed));
    }

    private static Batch examples(Plan plan, int examples, long seed) {
        if (examples < 1) {
            throw new IllegalArgumentException("a batch needs at least one example, not " + examples);
        }
        Random random = new Random(seed);
        Matrix x = new Matrix(plan.inputSize(), examples);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = random.nextGaussian();
        }
        int outputs = plan.units(plan.depth());
        OutputFunction o = plan.output().function();
        if (o == OutputFunction.SOFTMAX) {
            int[] labels = new int[examples];
            for (int b = 0; b < examples; b++) {
                labels[b] = random.nextInt(outputs);
            }
            return Batch.classification(x, labels, outputs);
        }
        Matrix y = new Matrix(outputs, examples);
        for (int i = 0; i < y.size(); i++) {
            y.data[i] = plan.loss() == Loss.BINARY_CROSS_ENTROPY ? random.nextInt(2)
                    : o == OutputFunction.LOGISTIC ? random.nextDouble() : random.nextGaussian();
        }
        return new Batch(x, y, null);
    }
}
