package netgrad.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.testing.Vectors;

/** The recorder against PyTorch's gradients (an outside oracle) and against finite differences of its own loss. */
class RecorderTest {
    /** Tape and PyTorch both compute in double precision; they differ only by rounding. */
    static final double VECTOR_TOLERANCE = 1e-10;
    /** Central differences on the whole network's loss with step 1e-6. */
    static final double FD_TOLERANCE = 1e-6;
    static final Set<String> PRIMITIVES = Set.of("constant", "parameter", "matmul", "add", "sub", "mul", "div", "neg",
            "scale", "identity", "exp", "log", "max0", "leakyMax", "sumRows", "sumCols", "sumAll", "meanRows",
            "meanCols", "meanAll", "colMax");

    /** max_ij |actual − expected| ≤ tolerance · max_ij |expected| (plus a floor for an all-zero expectation). */
    static void assertClose(String what, Matrix actual, Matrix expected, double tolerance) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double diff = 0, scale = 0;
        for (int i = 0; i < actual.data.length; i++) {
            diff = Math.max(diff, Math.abs(actual.data[i] - expected.data[i]));
            scale = Math.max(scale, Math.abs(expected.data[i]));
        }
        assertThat(diff).as("%s: max difference (reference max %.3g)", what, scale).isLessThanOrEqualTo(tolerance * scale + 1e-300);
    }

    @Test
    void lossAndEveryGradientMatchPyTorchOnEveryVectorFile() {
        for (Vectors v : Vectors.all()) {
            Recording r = Recorder.record(v.plan(), v.params(), v.batch());
            assertThat(r.lossValue()).as(v.name() + " loss")
                    .isCloseTo(v.loss(), org.assertj.core.data.Offset.offset(VECTOR_TOLERANCE * Math.abs(v.loss())));
            for (Map.Entry<Quantity, Matrix> e : v.gradients().toMap().entrySet()) {
                assertThat(r.gradients().has(e.getKey())).as(v.name() + " has " + e.getKey()).isTrue();
                assertClose(v.name() + " ∂L/∂" + e.getKey(), r.gradients().get(e.getKey()), e.getValue(), VECTOR_TOLERANCE);
            }
            assertThat(r.gradients().toMap().keySet()).as(v.name()).isEqualTo(v.gradients().toMap().keySet());
        }
    }

    @Test
    void theVectorComparisonRejectsAGradientOffByOnePartInABillion() {
        Vectors v = Vectors.load("lecture4-logistic-tanh-softmax-ce");
        Matrix reference = v.gradients().W(1);
        Matrix planted = Recorder.record(v.plan(), v.params(), v.batch()).gradients().W(1).copy();
        int largest = 0;
        for (int i = 0; i < reference.data.length; i++) {
            largest = Math.abs(reference.data[i]) > Math.abs(reference.data[largest]) ? i : largest;
        }
        planted.data[largest] *= 1 + 1e-9;
        assertThatThrownBy(() -> assertClose("planted W1", planted, reference, VECTOR_TOLERANCE))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void everyNodeIsAnElementaryOperation() {
        for (Vectors v : Vectors.all()) {
            Recording r = Recorder.record(v.plan(), v.params(), v.batch());
            for (Node n : r.tape().nodes()) {
                assertThat(PRIMITIVES).as(v.name() + " node " + n).contains(n.op());
            }
        }
    }

    @Test
    void planQuantitiesAreLabelledNodesInRecordingOrder() {
        Vectors v = Vectors.load("lecture4-logistic-tanh-softmax-ce");
        Recording r = Recorder.record(v.plan(), v.params(), v.batch());
        List<String> labels = List.of("x", "W1", "b1", "a1", "h1", "W2", "a2", "h2", "a3", "ŷ", "log ŷ", "L");
        for (int i = 1; i < labels.size(); i++) {
            assertThat(r.node(labels.get(i)).id()).as(labels.get(i)).isGreaterThan(r.node(labels.get(i - 1)).id());
        }
        assertThat(r.node("L")).isSameAs(r.loss());
        assertThat(r.node("a1").op()).isEqualTo("add");
        assertThat(r.node("a1").inputs().get(0).op()).isEqualTo("matmul");
        assertThat(r.node("h1").op()).isEqualTo("div");
        assertThat(r.node("x").op()).isEqualTo("constant");
        assertThat(r.node("W1").op()).isEqualTo("parameter");
        assertThat(r.node("a2").grad().data).isEqualTo(r.gradients().a(2).data);
        double[] yhatColumnSums = new double[v.batch().size()];
        Matrix yhat = r.node("ŷ").value();
        for (int i = 0; i < yhat.data.length; i++) {
            yhatColumnSums[i % yhat.cols] += yhat.data[i];
        }
        for (double s : yhatColumnSums) {
            assertThat(s).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @Test
    void aBatchThatDoesNotFitThePlanIsRefusedWithBothShapes() {
        Vectors v = Vectors.load("logistic-bce"); // 3 inputs, 2 outputs
        Batch wrong = new Batch(new Matrix(4, 2), new Matrix(2, 2), null);
        assertThatThrownBy(() -> Recorder.record(v.plan(), v.params(), wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch inputs (4x2) and targets (2x2) do not fit a plan with 3 inputs and 2 outputs");
    }

    @Test
    void recordingTwiceGivesIdenticalGradients() {
        Vectors v = Vectors.load("relu-softmax-ce-decay");
        Gradients first = Recorder.record(v.plan(), v.params(), v.batch()).gradients();
        Gradients second = Recorder.record(v.plan(), v.params(), v.batch()).gradients();
        for (Quantity name : first.toMap().keySet()) {
            assertThat(second.get(name).data).as(name.label()).isEqualTo(first.get(name).data);
        }
    }

    @Test
    void lossCombinationsWithoutVectorsMatchFiniteDifferences() {
        Random rng = new Random(7);
        Object[][] cases = {
                {OutputFunction.LOGISTIC, Loss.CROSS_ENTROPY},
                {OutputFunction.SOFTMAX, Loss.BINARY_CROSS_ENTROPY},
                {OutputFunction.IDENTITY, Loss.SQUARED_ERROR},
                {OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY},
        };
        for (Object[] c : cases) {
            Plan plan = Plan.of("fd", new int[]{3, 4, 3}, List.of(new Activation.Softplus()), (OutputFunction) c[0],
                    (Loss) c[1], 0.01, Init.xavier(0));
            Parameters theta = Parameters.zeros(plan);
            theta.toMap().values().forEach(m -> fill(m, rng, 1.0));
            Matrix x = new Matrix(3, 5);
            fill(x, rng, 1.0);
            Batch batch = Batch.classification(x, new int[]{0, 2, 1, 1, 0}, 3);
            Recording r = Recorder.record(plan, theta, batch);
            for (Map.Entry<Quantity, Matrix> p : theta.toMap().entrySet()) {
                Matrix numeric = numericGradient(plan, theta, batch, p.getValue());
                assertClose(c[0] + "+" + c[1] + " ∂L/∂" + p.getKey(), r.gradients().get(p.getKey()), numeric, FD_TOLERANCE);
            }
        }
    }

    @Test
    void hugePreActivationsGiveFiniteLossAndGradients() {
        Object[][] cases = {
                {new Activation.Logistic(), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY},
                {new Activation.Tanh(), OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY},
                {new Activation.Softplus(), OutputFunction.LOGISTIC, Loss.SQUARED_ERROR},
                {new Activation.Softplus(), OutputFunction.SOFTMAX, Loss.SQUARED_ERROR},
        };
        for (Object[] c : cases) {
            Plan plan = Plan.of("huge", new int[]{2, 3, 2}, List.of((Activation) c[0]), (OutputFunction) c[1],
                    (Loss) c[2], 0.0, Init.xavier(0));
            Parameters theta = Parameters.zeros(plan);
            theta.toMap().values().forEach(m -> fill(m, new Random(3), 1.0));
            Matrix x = Matrix.of(new double[][]{{600, -600, 300}, {-400, 500, -800}});
            Batch batch = Batch.classification(x, new int[]{1, 0, 1}, 2);
            Recording r = Recorder.record(plan, theta, batch);
            assertThat(java.util.Arrays.stream(r.node("a1").value().data).map(Math::abs).max().orElse(0))
                    .as("largest |a1|").isGreaterThan(100);
            assertThat(Double.isFinite(r.lossValue())).as(c[0] + " " + c[1] + " " + c[2] + " loss").isTrue();
            r.gradients().toMap().forEach((name, g) -> assertThat(java.util.Arrays.stream(g.data).allMatch(Double::isFinite))
                    .as(c[0] + " " + c[1] + " " + c[2] + " ∂L/∂" + name + " finite").isTrue());
        }
    }

    private static void fill(Matrix m, Random rng, double scale) {
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * rng.nextGaussian();
        }
    }

    /** Central differences of the recorded loss with respect to each entry of {@code param} (a live θ matrix). */
    private static Matrix numericGradient(Plan plan, Parameters theta, Batch batch, Matrix param) {
        double step = 1e-6;
        Matrix g = new Matrix(param.rows, param.cols);
        for (int i = 0; i < param.data.length; i++) {
            double saved = param.data[i];
            param.data[i] = saved + step;
            double plus = Recorder.record(plan, theta, batch).lossValue();
            param.data[i] = saved - step;
            double minus = Recorder.record(plan, theta, batch).lossValue();
            param.data[i] = saved;
            g.data[i] = (plus - minus) / (2 * step);
        }
        return g;
    }
}
