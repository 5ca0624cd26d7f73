package netgrad.explain;

import netgrad.backprop.Activations;
import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.plan.Plan;

/**
 * Backprop with one classic mistake each, for {@code explain --mistakes}: every class overrides exactly one
 * step of {@link Backprop} with the wrong line a student typically writes.
 */
final class PlantedBugs {
    private PlantedBugs() {}

    /** ∇h_{k−1} = W_k ∇a_k: the transpose forgotten (fails on shapes unless W_k is square). */
    static final class MissingTranspose extends Backprop {
        MissingTranspose(Plan plan) {
            super(plan);
        }

        @Override
        protected void hiddenGradient(int k, Matrix W_k, Matrix gradA_k, Matrix gradH_km1) {
            Ops.mult(W_k, gradA_k, gradH_km1);                                      // wrong: W_k ∇a_k
        }
    }

    /** ∇a_{k−1} = ∇h_{k−1} ⊙ g(a_{k−1}): the activation where its derivative belongs. */
    static final class ActivationInsteadOfDerivative extends Backprop {
        ActivationInsteadOfDerivative(Plan plan) {
            super(plan);
        }

        @Override
        protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
            Activations.apply(plan().activation(k - 1), a_km1, gradA_km1);         // wrong: g(a_{k−1})
            Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);
        }
    }

    /** for k = L to 2: the loop stops one layer early, so ∇W_1 and ∇b_1 stay zero. */
    static final class LoopStopsEarly extends Backprop {
        LoopStopsEarly(Plan plan) {
            super(plan);
        }

        @Override
        protected int lastLayer() {
            return 2;                                                               // wrong: should run down to 1
        }
    }

    /** ∇a_L = e(y) − ŷ: the minus sign dropped, so gradient descent climbs the loss. */
    static final class OutputSignFlipped extends Backprop {
        OutputSignFlipped(Plan plan) {
            super(plan);
        }

        @Override
        protected void outputGradient(ForwardPass f, Batch batch, Matrix gradA_L) {
            super.outputGradient(f, batch, gradA_L);
            Ops.scale(gradA_L, -1.0);                                               // wrong: the sign
        }
    }

    /** ∇b_k never computed: the biases keep a zero gradient and never learn. */
    static final class BiasGradientDropped extends Backprop {
        BiasGradientDropped(Plan plan) {
            super(plan);
        }

        @Override
        protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
            java.util.Arrays.fill(gradB_k.data, 0.0);                               // wrong: dropped
        }
    }

    /** Sum over the batch where the loss is a mean: every gradient B times too large. */
    static final class SumInsteadOfMean extends Backprop {
        SumInsteadOfMean(Plan plan) {
            super(plan);
        }

        @Override
        protected double batchScale(int batchSize) {
            return 1.0;                                                             // wrong: should be 1/B
        }
    }

    /** The decay term λW_k left out of ∇W_k although the loss has (λ/2)Σ‖W_k‖². */
    static final class DecayForgotten extends Backprop {
        DecayForgotten(Plan plan) {
            super(plan);
        }

        @Override
        protected double decay() {
            return 0.0;                                                             // wrong: λ from the plan
        }
    }
}
