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

    /**
     * 4-5-4-3 with batch norm and dropout on both hidden layers (tanh, then logistic), softmax with cross-entropy:
     * a_k → â_k = γ_k ⊙ x̂_k + β_k → g → m_k ⊙ · /(1 − p).
     */
    static Plan withBatchNormAndDropout(double decay) {
        List<netgrad.plan.Layer> layers = List.of(
                new netgrad.plan.Layer.Hidden(1, 4, 5, List.of(new netgrad.plan.Operation.Normalize(1e-5),
                        new netgrad.plan.Operation.Activate(new Activation.Tanh()), new netgrad.plan.Operation.Drop(0.3)),
                        netgrad.source.SourcePos.none()),
                new netgrad.plan.Layer.Hidden(2, 5, 4, List.of(new netgrad.plan.Operation.Normalize(1e-3),
                        new netgrad.plan.Operation.Activate(new Activation.Logistic()),
                        new netgrad.plan.Operation.Drop(0.25)), netgrad.source.SourcePos.none()),
                new netgrad.plan.Layer.Output(3, 4, 3, OutputFunction.SOFTMAX, netgrad.source.SourcePos.none()));
        return new Plan("bn_dropout", netgrad.source.SourcePos.none(), 4, layers, Loss.CROSS_ENTROPY, decay,
                Init.xavier(1), java.util.Optional.empty());
    }

    /**
     * lecture 4's shape (4-3-3-2, logistic and tanh) with batch norm and dropout in both hidden layers, softmax with
     * squared error and decay: every mistake of the catalogue can occur on it.
     */
    static Plan withBatchNormAndDropoutSquared(double decay) {
        List<netgrad.plan.Layer> layers = List.of(
                new netgrad.plan.Layer.Hidden(1, 4, 3, List.of(new netgrad.plan.Operation.Normalize(1e-5),
                        new netgrad.plan.Operation.Activate(new Activation.Logistic()), new netgrad.plan.Operation.Drop(0.25)),
                        netgrad.source.SourcePos.none()),
                new netgrad.plan.Layer.Hidden(2, 3, 3, List.of(new netgrad.plan.Operation.Normalize(1e-3),
                        new netgrad.plan.Operation.Activate(new Activation.Tanh()),
                        new netgrad.plan.Operation.Drop(0.5)), netgrad.source.SourcePos.none()),
                new netgrad.plan.Layer.Output(3, 3, 2, OutputFunction.SOFTMAX, netgrad.source.SourcePos.none()));
        return new Plan("bn_dropout_se", netgrad.source.SourcePos.none(), 4, layers, Loss.SQUARED_ERROR, decay,
                Init.xavier(1), java.util.Optional.empty());
    }

    /** N(0, scale²) weights and biases (γ_k and β_k too). */
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
