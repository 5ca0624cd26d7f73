package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Masks;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.Operation;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.source.SourcePos;

/** A training step through batch norm and dropout (new masks, forward, backward) allocates nothing more per step. */
class BatchNormAllocationTest {
    /**
     * Bytes per step on top of the same network without batch norm and dropout, in the same JVM: the matrix kernels'
     * own allocation (none once the JIT has compiled them, but that depends on what ran before) cancels out.
     */
    @Test
    void batchNormAndDropoutAddNoAllocationToAStep() {
        long plain = bytesPerStep(List.of(new Operation.Activate(new Activation.Relu())));
        long both = bytesPerStep(List.of(new Operation.Normalize(1e-5), new Operation.Activate(new Activation.Relu()),
                new Operation.Drop(0.3)));
        assertThat(both).as("bytes per step with batch norm and dropout (without: %d)", plain).isLessThanOrEqualTo(plain + 16);
    }

    private static long bytesPerStep(List<Operation> operations) {
        Plan plan = new Plan("bn", SourcePos.none(), 6, List.of(
                new Layer.Hidden(1, 6, 8, operations, SourcePos.none()),
                new Layer.Output(2, 8, 3, OutputFunction.SOFTMAX, SourcePos.none())),
                Loss.CROSS_ENTROPY, 0.01, Init.xavier(2), Optional.empty());
        int b = 16;
        Matrix x = new Matrix(6, b);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < x.size(); i++) x.data[i] = random.nextDouble() - 0.5;
        int[] labels = new int[b];
        for (int j = 0; j < b; j++) labels[j] = j % 3;
        Batch batch = Batch.classification(x, labels, 3).withMasks(Masks.allocate(plan, b));
        Parameters theta = Initializer.initialize(plan);
        Backprop backprop = new Backprop(plan, netgrad.linalg.Parallelism.of(1));   // products on this thread
        ForwardPass pass = ForwardPass.allocate(plan, b);
        Gradients grad = Gradients.zeros(plan, b);
        Runnable step = () -> {
            batch.masks().redraw(random);
            backprop.forward(theta, batch.x(), batch.masks(), pass);
            backprop.backward(pass, theta, batch, grad);
        };
        for (int i = 0; i < 20_000; i++) step.run();   // warm-up: let the JIT compile the loop
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        int steps = 1000;
        for (int i = 0; i < steps; i++) step.run();
        return (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / steps;
    }
}
