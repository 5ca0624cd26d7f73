package netgrad.check;

import java.util.List;
import java.util.Random;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.BatchMaker;

/** Seeded plans, parameters and batches for the check tests. */
final class Fixtures {
    private Fixtures() {}

    /** The lecture's example shape: 4-3-3-2, logistic then tanh, softmax with cross-entropy. */
    static Plan lecture4(double decay) {
        return Plan.of("lecture4", new int[] {4, 3, 3, 2}, List.of(new Activation.Logistic(), new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, decay, Init.xavier(1));
    }

    /** N(0, scale²) weights and biases. */
    static Parameters parameters(Plan plan, long seed, double scale) {
        Random random = new Random(seed);
        Parameters theta = Parameters.zeros(plan);
        for (Matrix m : theta.toMap().values()) {
            for (int i = 0; i < m.size(); i++) {
                m.data[i] = random.nextGaussian() * scale;
            }
        }
        return theta;
    }

    /** Standard normal inputs and targets that fit the output: labels for softmax, 0/1 for logistic, reals otherwise. */
    static Batch batch(Plan plan, int examples, long seed) {
        return BatchMaker.make(plan, examples, seed);
    }
}
