package netgrad.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;

/** The tape's bookkeeping: order, accumulation, repeated backward, constants, shapes, and the composed values. */
class TapeTest {
    /** Values composed from primitives agree with java.lang.Math to a few ulps. */
    static final double VALUE_TOLERANCE = 1e-15;

    private static Matrix row(double... values) {
        return new Matrix(1, values.length, values.clone());
    }

    @Test
    void nodesAreKeptInRecordingOrderWithTheirOpsAndInputs() {
        Tape t = new Tape();
        Node x = t.parameter(row(1, 2), "x");
        Node e = t.exp(x);
        Node s = t.sumAll(e);
        assertThat(t.nodes()).containsExactly(x, e, s);
        assertThat(t.nodes()).extracting(Node::id).containsExactly(0, 1, 2);
        assertThat(t.nodes()).extracting(Node::op).containsExactly("parameter", "exp", "sumAll");
        assertThat(s.inputs()).containsExactly(e);
        assertThat(x.label()).isEqualTo("x");
        assertThat(e.label()).isNull();
    }

    @Test
    void aNodeUsedTwiceReceivesBothContributions() {
        Tape t = new Tape();
        Node x = t.parameter(row(3.0), "x");
        Node y = t.add(t.mul(x, x), x); // y = x² + x, dy/dx = 2x + 1 = 7
        t.backward(y);
        assertThat(x.grad().data[0]).isEqualTo(7.0);
    }

    @Test
    void callingBackwardTwiceGivesTheSameGradientsNotDouble() {
        Tape t = new Tape();
        Node w = t.parameter(Matrix.of(new double[][]{{1, -2}, {0.5, 3}}), "W");
        Node x = t.constant(Matrix.column(2, -1), "x");
        Node loss = t.sumAll(t.exp(t.scale(t.matmul(w, x), 0.1)));
        t.backward(loss);
        double[] first = w.grad().data.clone();
        t.backward(loss);
        assertThat(w.grad().data).isEqualTo(first);
        assertThat(loss.grad().data[0]).isEqualTo(1.0);
    }

    @Test
    void constantsAndTheColumnMaxShiftReceiveNoGradient() {
        Tape t = new Tape();
        Node c = t.constant(row(1, 2), "c");
        Node x = t.parameter(row(1, 2), "x");
        Node m = t.colMax(x);
        Node loss = t.sumAll(t.add(t.mul(x, c), m));
        t.backward(loss);
        assertThat(c.requiresGrad()).isFalse();
        assertThat(m.requiresGrad()).isFalse();
        assertThat(c.grad().data).containsExactly(0, 0);
        assertThat(x.grad().data).containsExactly(1, 2); // only through x ⊙ c; the max passes nothing
    }

    @Test
    void nodesRecordedAfterTheOutputGetZeroGradient() {
        Tape t = new Tape();
        Node x = t.parameter(row(1), "x");
        Node loss = t.scale(x, 2);
        Node later = t.exp(x);
        t.backward(loss);
        assertThat(x.grad().data).containsExactly(2.0);
        assertThat(later.grad().data).containsExactly(0.0);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        Tape t = new Tape();
        Node a = t.parameter(new Matrix(3, 4), "a");
        Node b = t.parameter(new Matrix(5, 2), "b");
        assertThatThrownBy(() -> t.matmul(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: shapes do not fit: (3x4) (5x2)");
        assertThatThrownBy(() -> t.add(a, b)).hasMessage("add: shapes do not fit: (3x4) (5x2)");
        assertThatThrownBy(() -> t.sub(a, t.parameter(new Matrix(4, 1), "c"))).hasMessage("sub: shapes do not fit: (3x4) (4x1)");
        assertThatThrownBy(() -> t.mul(a, t.parameter(new Matrix(1, 3), "d"))).hasMessage("mul: shapes do not fit: (3x4) (1x3)");
        assertThatThrownBy(() -> t.div(t.parameter(new Matrix(3, 1), "e"), a)).hasMessage("div: shapes do not fit: (3x1) (3x4)");
    }

    @Test
    void backwardNeedsAOneByOneOutputFromTheSameTape() {
        Tape t = new Tape();
        Node a = t.parameter(new Matrix(2, 3), "a");
        assertThatThrownBy(() -> t.backward(a)).hasMessage("backward: output must be (1x1), not (2x3)");
        Tape other = new Tape();
        Node s = other.sumAll(other.parameter(new Matrix(2, 3), "b"));
        assertThatThrownBy(() -> t.backward(s)).hasMessageContaining("belongs to another tape");
        assertThatThrownBy(() -> t.exp(s)).hasMessageContaining("belongs to another tape");
        assertThatThrownBy(a::grad).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void leavesAreCopiesSoLaterChangesToTheCallersMatrixDoNotLeakIn() {
        Matrix m = row(1, 2);
        Tape t = new Tape();
        Node x = t.parameter(m, "x");
        m.data[0] = 99;
        assertThat(x.value().data).containsExactly(1, 2);
    }

    @Test
    void composedFunctionsHaveTheRightValuesIncludingHugeArguments() {
        double[] xs = {-800, -40, -3, -0.5, -1e-9, 0, 1e-9, 0.5, 3, 40, 800};
        Tape t = new Tape();
        Node x = t.constant(row(xs), "x");
        Matrix logistic = Composites.logistic(t, x).value();
        Matrix tanh = Composites.tanh(t, x).value();
        Matrix softplus = Composites.softplus(t, x).value();
        for (int i = 0; i < xs.length; i++) {
            double v = xs[i];
            double expectedLogistic = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
            double expectedSoftplus = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
            assertThat(logistic.data[i]).as("logistic(%s)", v).isCloseTo(expectedLogistic, within(VALUE_TOLERANCE));
            assertThat(tanh.data[i]).as("tanh(%s)", v).isCloseTo(Math.tanh(v), within(4 * VALUE_TOLERANCE));
            assertThat(softplus.data[i]).as("softplus(%s)", v)
                    .isCloseTo(expectedSoftplus, within(VALUE_TOLERANCE * Math.max(1, Math.abs(expectedSoftplus))));
        }
    }

    @Test
    void softmaxColumnsSumToOneAndLogSoftmaxStaysFiniteForHugeScores() {
        Tape t = new Tape();
        Node a = t.parameter(Matrix.of(new double[][]{{1000, -3}, {0, -2}, {-1000, -1}}), "a");
        Composites.Softmax sm = Composites.softmax(t, a, true);
        Matrix yhat = sm.yhat().value();
        Node logYhat = sm.logYhat();
        Matrix log = logYhat.value();
        for (int j = 0; j < 2; j++) {
            assertThat(yhat.get(0, j) + yhat.get(1, j) + yhat.get(2, j)).isCloseTo(1.0, within(VALUE_TOLERANCE));
        }
        assertThat(log.get(2, 0)).isEqualTo(-2000.0);
        double z = Math.exp(-2) + Math.exp(-1) + Math.exp(-3);
        assertThat(log.get(0, 1)).isCloseTo(-3 - Math.log(z), within(VALUE_TOLERANCE));
        t.backward(t.sumAll(logYhat));
        for (double g : a.grad().data) {
            assertThat(Double.isFinite(g)).isTrue();
        }
    }
}
