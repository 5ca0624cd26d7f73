package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Gradients;
import netgrad.plan.Quantity;
import netgrad.testing.Vectors;

/**
 * Each protected step of {@link Backprop} can be replaced by a test double with one classic bug; each planted
 * bug must move some gradient away from the PyTorch reference (so that verify, comparing engines, can see it).
 */
class PlantedBugsTest {
    /** Far above the 1e-12 agreement of the correct engine. */
    private static final double DETECTABLE = 1e-6;

    @Test
    void loopStoppingAtLayerTwoLeavesTheFirstLayerGradientWrong() {
        assertPlantedBugIsVisible(new Backprop(reference().plan()) {
            @Override
            protected int lastLayer() {
                return 2;
            }
        }, Quantity.W(1));
    }

    @Test
    void summingInsteadOfAveragingScalesEveryGradient() {
        assertPlantedBugIsVisible(new Backprop(reference().plan()) {
            @Override
            protected double batchScale(int batchSize) {
                return 1;
            }
        }, Quantity.a(3));
    }

    @Test
    void forgettingTheDecayTermChangesTheWeightGradients() {
        Vectors v = Vectors.load("relu-softmax-ce-decay");
        assertThat(v.plan().weightDecay()).isPositive();
        Backprop bug = new Backprop(v.plan()) {
            @Override
            protected double decay() {
                return 0;
            }
        };
        assertThat(maxDifference(bug.gradients(v.params(), v.batch()).get(Quantity.W(1)), v.gradients().get(Quantity.W(1))))
                .isGreaterThan(DETECTABLE);
    }

    @Test
    void omittingTheActivationDerivativeChangesTheHiddenGradients() {
        assertPlantedBugIsVisible(new Backprop(reference().plan()) {
            @Override
            protected void preActivationGradient(int k, Matrix gradH, Matrix a, Matrix h, Matrix gradA) {
                System.arraycopy(gradH.data, 0, gradA.data, 0, gradA.data.length);   // ∇a_{k−1} = ∇h_{k−1}: no g′
            }
        }, Quantity.W(1));
    }

    @Test
    void forgettingToTransposeTheSquareWeightsIsCaught() {
        assertThat(reference().params().W(2).shape()).isEqualTo("(3x3)");
        assertPlantedBugIsVisible(new Backprop(reference().plan()) {
            @Override
            protected void hiddenGradient(int k, Matrix w, Matrix gradA, Matrix gradH) {
                if (w.rows == w.cols) {
                    Ops.mult(w, gradA, gradH);                                     // W_k ∇a_k instead of W_kᵀ ∇a_k
                } else {
                    super.hiddenGradient(k, w, gradA, gradH);
                }
            }
        }, Quantity.W(1));
    }

    private static Vectors reference() {
        return Vectors.load("lecture4-logistic-tanh-softmax-ce");
    }

    private static void assertPlantedBugIsVisible(Backprop bug, Quantity name) {
        Vectors v = reference();
        Gradients bad = bug.gradients(v.params(), v.batch());
        assertThat(maxDifference(bad.get(name), v.gradients().get(name))).as(name.gradientText()).isGreaterThan(DETECTABLE);
        Gradients good = new Backprop(v.plan()).gradients(v.params(), v.batch());
        assertThat(maxDifference(good.get(name), v.gradients().get(name))).as("correct " + name.gradientText()).isLessThan(DETECTABLE);
    }

    private static double maxDifference(Matrix a, Matrix b) {
        double max = 0;
        for (int i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
        return max;
    }
}
