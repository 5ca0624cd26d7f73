package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.model.Gradients;
import netgrad.plan.Quantity;
import netgrad.testing.Vectors;

/** Backprop against the PyTorch reference vectors, an oracle that shares no code with netgrad. */
class BackpropVectorsTest {
    /** Relative agreement with PyTorch's float64 autograd (only rounding differs). */
    private static final double RELATIVE = 1e-12;
    /** Absolute floor for entries that are (nearly) zero. */
    private static final double ABSOLUTE = 1e-14;

    @Test
    void lossMatchesPyTorchOnEveryReferenceNetwork() {
        for (Vectors v : Vectors.all()) {
            Backprop bp = new Backprop(v.plan());
            double loss = bp.loss(bp.forward(v.params(), v.batch().x()), v.params(), v.batch());
            assertThat(loss).as(v.name()).isCloseTo(v.loss(), within(RELATIVE * Math.abs(v.loss()) + ABSOLUTE));
        }
    }

    @Test
    void everyGradientMatchesPyTorchOnEveryReferenceNetwork() {
        for (Vectors v : Vectors.all()) {
            Gradients got = new Backprop(v.plan()).gradients(v.params(), v.batch());
            for (Map.Entry<Quantity, Matrix> expected : v.gradients().toMap().entrySet()) {
                String what = v.name() + " ∇" + expected.getKey();
                Matrix actual = got.get(expected.getKey());
                assertThat(actual).as(what).isNotNull();
                assertThat(actual.shape()).as(what).isEqualTo(expected.getValue().shape());
                double scale = maxAbs(expected.getValue());
                for (int i = 0; i < actual.data.length; i++) {
                    assertThat(actual.data[i]).as(what + "[" + i + "]")
                            .isCloseTo(expected.getValue().data[i], within(RELATIVE * scale + ABSOLUTE));
                }
            }
        }
    }

    @Test
    void reportsExactlyTheReferenceQuantities() {
        for (Vectors v : Vectors.all()) {
            Gradients got = new Backprop(v.plan()).gradients(v.params(), v.batch());
            assertThat(got.toMap().keySet()).as(v.name()).containsExactlyInAnyOrderElementsOf(v.gradients().toMap().keySet());
        }
    }

    private static double maxAbs(Matrix m) {
        double max = 0;
        for (double d : m.data) max = Math.max(max, Math.abs(d));
        return max;
    }
}
