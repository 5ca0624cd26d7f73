package netgrad.problem;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;

/** One example (B = 1) for a worked trace, drawn from a seed or given as a column x and target y. */
public final class Examples {
    private Examples() {}

    /**
     * x ~ N(0, 1) entrywise, and a target that fits the plan: a class y drawn uniformly (one-hot e(y)) for
     * softmax, 0/1 entries for binary cross-entropy, U(0, 1) for logistic outputs, N(0, 1) otherwise.
     * {@link java.util.Random} is specified exactly, so the example is the same on every JVM.
     */
    public static Batch seeded(Plan plan, long seed) {
        return seeded(plan, seed, 1);
    }

    /** {@code size} examples drawn as in {@link #seeded(Plan, long)}, as the columns of one batch. */
    public static Batch seeded(Plan plan, long seed, int size) {
        return BatchMaker.make(plan, size, seed);
    }

    /**
     * The example x (n_0 × 1) with target {@code y}: for softmax either a 1 × 1 class index or the one-hot
     * column e(y); otherwise an n_L × 1 column.
     *
     * @throws IllegalArgumentException naming the shapes when they do not fit the plan
     */
    public static Batch given(Plan plan, Matrix x, Matrix y) {
        int outputs = plan.units(plan.depth());
        if (x.rows != plan.inputSize() || x.cols != 1) {
            throw new IllegalArgumentException("x is " + x.shape() + " but the network takes (" + plan.inputSize() + "x1)");
        }
        if (plan.output().function() == OutputFunction.SOFTMAX) {
            int label = -1;
            if (y.rows == 1 && y.cols == 1) {
                label = (int) y.data[0];
                if (label != y.data[0] || label < 0 || label >= outputs) {
                    throw new IllegalArgumentException("y = " + y.data[0] + " is not a class in 0.." + (outputs - 1));
                }
            } else if (y.rows == outputs && y.cols == 1) {
                int ones = 0;
                int zeros = 0;
                for (int i = 0; i < outputs; i++) {
                    ones += y.data[i] == 1.0 ? 1 : 0;
                    zeros += y.data[i] == 0.0 ? 1 : 0;
                    label = y.data[i] == 1.0 ? i : label;
                }
                label = ones == 1 && zeros == outputs - 1 ? label : -1;
            }
            if (label < 0) {
                throw new IllegalArgumentException("y " + y.shape() + " is neither a class index nor a one-hot column of "
                        + outputs);
            }
            return Batch.classification(x, new int[] {label}, outputs);
        }
        if (y.rows != outputs || y.cols != 1) {
            throw new IllegalArgumentException("y is " + y.shape() + " but the network has (" + outputs + "x1) outputs");
        }
        return new Batch(x, y, null);
    }
}
