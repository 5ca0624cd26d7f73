package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

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

/** The allocation-free path training uses: buffers allocated once, overwritten by every pass, nothing left over. */
class ReusedBuffersTest {
    private final Plan plan = Plan.of("r", new int[]{4, 5, 3, 3}, List.of(new Activation.Tanh(), new Activation.Logistic()),
            OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.05, Init.xavier(2));
    private final Backprop backprop = new Backprop(plan);
    private final Parameters theta = Initializer.initialize(plan);

    private static Batch randomBatch(int b, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Matrix x = new Matrix(4, b);
        for (int i = 0; i < x.data.length; i++) x.data[i] = random.nextDouble(-2, 2);
        int[] labels = new int[b];
        for (int j = 0; j < b; j++) labels[j] = random.nextInt(3);
        return Batch.classification(x, labels, 3);
    }

    @Test
    void aForwardPassIntoReusedBuffersEqualsAFreshOneInTheSameMatrices() {
        Batch batch = randomBatch(6, 1);
        ForwardPass buffers = ForwardPass.allocate(plan, 6);
        Matrix a2 = buffers.a(2);
        backprop.forward(theta, randomBatch(6, 2).x(), buffers);      // a previous batch must leave no trace
        ForwardPass reused = backprop.forward(theta, batch.x(), buffers);
        ForwardPass fresh = backprop.forward(theta, batch.x());

        assertThat(reused).isSameAs(buffers);
        assertThat(reused.a(2)).isSameAs(a2);
        assertThat(reused.h(0)).isSameAs(batch.x());
        for (int k = 1; k <= plan.depth(); k++) {
            assertThat(reused.a(k).data).as("a" + k).isEqualTo(fresh.a(k).data);
            if (k < plan.depth()) assertThat(reused.h(k).data).as("h" + k).isEqualTo(fresh.h(k).data);
        }
        assertThat(reused.yhat().data).isEqualTo(fresh.yhat().data);
        assertThat(backprop.loss(reused, theta, batch)).isEqualTo(backprop.loss(fresh, theta, batch));
    }

    @Test
    void aForwardPassIntoBuffersForAnotherBatchSizeIsRefusedWithBothSizes() {
        assertThatThrownBy(() -> backprop.forward(theta, randomBatch(3, 1).x(), ForwardPass.allocate(plan, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 examples").hasMessageContaining("(4x3)");
    }

    @Test
    void backwardIntoGradientsZerosOverwritesEveryGradientInPlace() {
        Batch batch = randomBatch(5, 3);
        Gradients into = Gradients.zeros(plan, 5);
        Matrix w1 = into.W(1);
        Batch other = randomBatch(5, 4);
        backprop.backward(backprop.forward(theta, other.x()), theta, other, into);
        backprop.backward(backprop.forward(theta, batch.x()), theta, batch, into);
        Gradients fresh = backprop.gradients(theta, batch);

        assertThat(into.W(1)).isSameAs(w1);
        assertThat(into.toMap().keySet()).containsExactlyElementsOf(fresh.toMap().keySet());
        for (Quantity name : fresh.toMap().keySet()) {
            assertThat(into.get(name).data).as(name.label()).isEqualTo(fresh.get(name).data);
        }
    }

    @Test
    void layersBelowTheLoopsLastLayerGetZeroGradientsEvenInReusedBuffers() {
        Batch batch = randomBatch(5, 5);
        Gradients into = backprop.gradients(theta, batch);              // every entry non-zero from a full pass
        assertThat(into.W(1).data).isNotEqualTo(new double[into.W(1).size()]);
        Backprop stopsAtTwo = new Backprop(plan) {
            @Override
            protected int lastLayer() {
                return 2;
            }
        };
        stopsAtTwo.backward(stopsAtTwo.forward(theta, batch.x()), theta, batch, into);

        assertThat(into.W(1).data).containsOnly(0.0);
        assertThat(into.b(1).data).containsOnly(0.0);
        assertThat(into.W(2).data).isEqualTo(backprop.gradients(theta, batch).W(2).data);
        assertThat(into.a(1).data).isEqualTo(backprop.gradients(theta, batch).a(1).data);
    }
}
