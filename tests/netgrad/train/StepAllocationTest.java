package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.bench.EpochBench;
import netgrad.data.DataSet;
import netgrad.linalg.Matrix;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * A whole training step (batch assembly, forward, backward, the threads' sum, the finite check and the optimizer's
 * update) allocates nothing once the JIT has compiled it, on one thread and on two. Steps run in rounds until a
 * round allocates less than {@link #LIMIT} bytes a step or the time is up (the optimizing compiler may take seconds on
 * a loaded machine, and until then the Vector API's interpreted form allocates); a step that allocates fails every
 * round. Not quite zero: measured 30–32 bytes a step on average, all of them inside the Vector API (its Java
 * fallback, which a few calls still take after the JIT has compiled the kernels; seen with the flight recorder's
 * allocation events). netgrad's own code allocates nothing per step.
 */
class StepAllocationTest {
    private static final Plan PLAN = Plan.of("alloc", new int[]{784, 32, 16, 10},
            List.of(new Activation.Tanh(), new Activation.Relu()), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 1e-4,
            Init.xavier(3));
    private static final int B = 64;
    private static final long SECONDS = 30;
    /** Bytes per step allowed: the Vector API's ~30; a B-int array made per step alone is 4B + 16 = 272. */
    private static final long LIMIT = 64;

    @Test
    void aStepOnOneThreadAllocatesNothingOfNetgrads() {
        assertThat(fewestBytesPerStep(1, false)).isLessThan(LIMIT);
    }

    @Test
    void aStepSplitOverTwoThreadsAllocatesNothingOfNetgrads() {
        assertThat(fewestBytesPerStep(2, false)).isLessThan(LIMIT);
    }

    @Test
    void theMeasurementSeesAStepThatAllocates() {
        // the same steps plus the fillBatch that makes its scratch array (B ints) every call: never zero
        assertThat(fewestBytesPerStep(1, true)).isGreaterThanOrEqualTo(4L * B).isGreaterThan(LIMIT);
    }

    /** The fewest bytes per step the stepping threads allocated over a round of steps (rounds until one is under
     * {@link #LIMIT}, at most 12 rounds with the planted allocation). */
    private static long fewestBytesPerStep(int threads, boolean plantAllocation) {
        DataSet data = EpochBench.synthetic(2048, 784, 5);
        Parameters theta = Initializer.initialize(PLAN);
        Backprop backprop = new Backprop(PLAN, Parallelism.of(1));
        int[] sizes = PLAN.parameters().stream().mapToInt(q -> theta.get(q).data.length).toArray();
        Optimizer adam = Optimizer.create(Training.Optimizer.defaults(Training.Kind.ADAM), 1e-3, sizes);
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Matrix x = new Matrix(784, B);
        int[] labels = new int[B];
        int steps = data.count() / B;
        long fewest = Long.MAX_VALUE;
        try (StepRunner runner = new StepRunner(backprop, GradientEngine.BACKPROP, threads, theta, 9)) {
            runner.step(theta, data, order, 0, B, adam);         // the pool's threads exist from here on
            List<Thread> stepping = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t == Thread.currentThread() || t.getName().startsWith("netgrad-train-")) stepping.add(t);
            }
            long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
            int rounds = 0;
            while (fewest >= LIMIT && System.nanoTime() < deadline && !(plantAllocation && rounds++ == 12)) {
                long before = allocated(stepping);
                for (int s = 0; s < steps; s++) {
                    runner.step(theta, data, order, s * B, B, adam);
                    if (plantAllocation) data.fillBatch(order, s * B, x, labels);
                }
                assertThat(runner.badLayer).isZero();
                fewest = Math.min(fewest, (allocated(stepping) - before) / steps);
            }
        }
        return fewest;
    }

    /** Bytes the threads that run steps (this one and the pool's workers) allocated so far. */
    private static long allocated(List<Thread> threads) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : threads) sum += Math.max(0, mx.getThreadAllocatedBytes(t.getId()));
        return sum;
    }
}
