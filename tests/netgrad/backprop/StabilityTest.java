package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/** With weights of N(0, 100²) every pre-activation is in the hundreds; nothing may overflow to NaN or ∞. */
class StabilityTest {
    @Test
    void preActivationsInTheHundredsGiveAFiniteLossAndFiniteGradients() {
        List<Activation> activations = List.of(new Activation.Logistic(), new Activation.Tanh(), new Activation.Softplus(),
                new Activation.Relu(), new Activation.LeakyRelu(0.01));
        Object[][] pairs = {{OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY}, {OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY},
                {OutputFunction.SOFTMAX, Loss.SQUARED_ERROR}, {OutputFunction.LOGISTIC, Loss.SQUARED_ERROR}};
        for (Activation g : activations) {
            for (Object[] pair : pairs) {
                Plan plan = Plan.of(g.keyword() + "/" + pair[0] + "/" + pair[1], new int[] {4, 5, 3}, List.of(g),
                        (OutputFunction) pair[0], (Loss) pair[1], 0.001, new Init(Init.Scheme.RANDOM, 100, 9));
                Parameters theta = Initializer.initialize(plan);
                Matrix x = Matrix.of(new double[][] {{3, -2}, {-1, 4}, {2, 2}, {-3, 1}});
                Batch batch = pair[0] == OutputFunction.SOFTMAX
                        ? Batch.classification(x, new int[] {0, 2}, 3)
                        : new Batch(x, Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}}), null);
                Backprop backprop = new Backprop(plan);
                ForwardPass f = backprop.forward(theta, x);
                assertThat(maxAbs(f.a(1))).as(plan.name() + " max |a1|").isGreaterThan(100);
                assertThat(backprop.loss(f, theta, batch)).as(plan.name() + " loss").isFinite();
                Gradients grad = backprop.backward(f, theta, batch);
                for (Map.Entry<Quantity, Matrix> e : grad.toMap().entrySet()) {
                    for (double v : e.getValue().data) {
                        assertThat(v).as(plan.name() + " ∇" + e.getKey()).isFinite();
                    }
                }
            }
        }
    }

    private static double maxAbs(Matrix m) {
        double max = 0;
        for (double v : m.data) max = Math.max(max, Math.abs(v));
        return max;
    }
}
