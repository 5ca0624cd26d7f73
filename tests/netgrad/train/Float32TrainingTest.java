package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import netgrad.data.DataSet;
import netgrad.linalg.Matrix;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.Operation;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Training;
import netgrad.source.SourcePos;

/** Training with --precision float32: the same learning as float64, reproducible, float-valued, allocation-free. */
class Float32TrainingTest {
    static final Plan PLAN = Plan.of("f32", new int[]{2, 8, 6, 2}, List.of(new Activation.Tanh(), new Activation.Relu()),
            OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.001, Init.xavier(4));
    static final DataSet DATA = TrainerTest.separable(400, 5);

    /**
     * Relative difference of the final training loss after 250 steps (10 epochs of 25): float32 rounds each step's
     * numbers at ~6e-8 and this well-conditioned problem does not amplify that (measured ≤ 2.3e-7 for every
     * optimizer); 1e-4 is far below what a wrong step would change (the loss falls by half and more).
     */
    static final double SAME_LOSS = 1e-4;

    @Test
    void aShortFloat32RunReachesNearlyTheLossOfFloat64WithEveryOptimizer() {
        for (Training.Kind kind : Training.Kind.values()) {
            double eta = kind == Training.Kind.SGD || kind == Training.Kind.MOMENTUM || kind == Training.Kind.NAG ? 0.1 : 0.01;
            Training training = TrainerTest.training(kind, eta, 16, 10);
            Trainer.Result f64 = run(training, Precision.FLOAT64, 1, Initializer.initialize(PLAN));
            Trainer.Result f32 = run(training, Precision.FLOAT32, 1, Initializer.initialize(PLAN));
            double first = f64.history().get(0).trainLoss();
            double last64 = f64.history().get(9).trainLoss();
            double last32 = f32.history().get(9).trainLoss();
            assertThat(f32.diverged()).isFalse();
            assertThat(last64).as("%s learns", kind).isLessThan(0.5 * first);
            assertThat(Math.abs(last32 - last64)).as("%s: float32 %s, float64 %s", kind, last32, last64)
                    .isLessThanOrEqualTo(SAME_LOSS * last64);
        }
    }

    @Test
    void twoRunsWithTheSameSeedAreBitIdenticalOnOneAndTwoThreads() {
        for (int threads : new int[]{1, 2}) {
            Training training = TrainerTest.training(Training.Kind.ADAM, 0.01, 16, 3);
            Parameters a = Initializer.initialize(PLAN), b = Initializer.initialize(PLAN);
            Trainer.Result ra = run(training, Precision.FLOAT32, threads, a);
            Trainer.Result rb = run(training, Precision.FLOAT32, threads, b);
            for (int k = 1; k <= PLAN.depth(); k++) {
                assertThat(a.W(k).data).as(threads + " threads, W" + k).isEqualTo(b.W(k).data);
                assertThat(a.b(k).data).as(threads + " threads, b" + k).isEqualTo(b.b(k).data);
            }
            for (int e = 0; e < 3; e++) {
                assertThat(ra.history().get(e).trainLoss()).isEqualTo(rb.history().get(e).trainLoss());
            }
        }
    }

    @Test
    void twoThreadsSplittingTheBatchLearnLikeOne() {
        Training training = TrainerTest.training(Training.Kind.SGD, 0.1, 16, 3);
        Parameters one = Initializer.initialize(PLAN), two = Initializer.initialize(PLAN);
        run(training, Precision.FLOAT32, 1, one);
        run(training, Precision.FLOAT32, 2, two);
        double diff = 0;
        for (int k = 1; k <= PLAN.depth(); k++) {
            for (int i = 0; i < one.W(k).size(); i++) diff = Math.max(diff, Math.abs(one.W(k).data[i] - two.W(k).data[i]));
        }
        assertThat(diff).as("the sums differ only in their order").isLessThan(1e-4);
    }

    @Test
    void theTrainedWeightsAreFloat32Values() {
        Parameters theta = Initializer.initialize(PLAN);
        run(TrainerTest.training(Training.Kind.NADAM, 0.01, 16, 2), Precision.FLOAT32, 2, theta);
        int changed = 0;
        Parameters initial = Initializer.initialize(PLAN);
        for (int k = 1; k <= PLAN.depth(); k++) {
            for (Matrix[] m : new Matrix[][]{{theta.W(k), initial.W(k)}, {theta.b(k), initial.b(k)}}) {
                for (int i = 0; i < m[0].size(); i++) {
                    double v = m[0].data[i];
                    assertThat((double) (float) v).isEqualTo(v);
                    if (v != (float) m[1].data[i]) changed++;
                }
            }
        }
        assertThat(changed).isGreaterThan(50);
    }

    @Test
    void aStepAllocatesNothingOnOneOrTwoThreads() {
        for (int threads : new int[]{1, 2}) {
            Parameters theta = Initializer.initialize(PLAN);
            int[] order = new int[DATA.count()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            try (Float32Steps steps = new Float32Steps(PLAN,
                    TrainerTest.training(Training.Kind.ADAM, 0.001, 16, 1), Parallelism.SEQUENTIAL, threads, theta)) {
                Runnable step = () -> {
                    for (int from = 0; from + 16 <= order.length; from += 16) {
                        steps.step(DATA, order, from, 16);
                    }
                };
                for (int i = 0; i < 800; i++) step.run();           // warm-up: 20,000 steps for the JIT
                com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long[] ids = trainingThreads();
                // rounds of 1,000 steps until one allocates nothing or 30 s pass: on a loaded machine the
                // optimizing JIT may still be compiling the kernels, whose interpreted form allocates
                long bytes = Long.MAX_VALUE;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (bytes != 0 && System.nanoTime() < deadline) {
                    long before = allocated(mx, ids);
                    for (int i = 0; i < 40; i++) step.run();        // 1,000 steps
                    bytes = allocated(mx, ids) - before;
                }
                assertThat(steps.badLayer).isZero();
                assertThat(bytes).as("bytes allocated by 1,000 steps on %d thread(s)", threads).isZero();
            }
        }
    }

    @Test
    void batchNormDropoutAndTheTapeAreRefusedInOneSentence() {
        Plan bn = new Plan("bn", new SourcePos("bn.net", 3, 5), 2, List.of(
                new Layer.Hidden(1, 2, 4, List.of(new Operation.Normalize(1e-5), new Operation.Activate(new Activation.Relu())),
                        new SourcePos("bn.net", 3, 5)),
                new Layer.Output(2, 4, 2, OutputFunction.SOFTMAX, SourcePos.none())),
                Loss.CROSS_ENTROPY, 0, Init.xavier(2), Optional.empty());
        Training training = TrainerTest.training(Training.Kind.SGD, 0.1, 16, 1);
        assertThatThrownBy(() -> new Trainer(bn, training, 1, GradientEngine.BACKPROP, 1, Parallelism.SEQUENTIAL,
                Precision.FLOAT32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bn.net:3:5: --precision float32 cannot train batch norm");
        assertThat(Precision.FLOAT32.refusal(PLAN, GradientEngine.TAPE)).contains("--engine tape");
        assertThat(Precision.FLOAT32.refusal(PLAN, GradientEngine.BACKPROP)).isNull();
        assertThat(Precision.FLOAT64.refusal(bn, GradientEngine.TAPE)).isNull();
    }

    private static Trainer.Result run(Training training, Precision precision, int threads, Parameters theta) {
        return new Trainer(PLAN, training, 7, GradientEngine.BACKPROP, threads, Parallelism.SEQUENTIAL, precision)
                .train(theta, DATA, DATA.split(0, 0).held(), TrainingListener.NONE);
    }

    /** This thread and the workers of a step's pool ({@link WorkerPool} names them netgrad-train-i). */
    private static long[] trainingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("netgrad-train-"))
                .mapToLong(Thread::getId).toArray();
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) sum += mx.getThreadAllocatedBytes(id);   // one id at a time: no result array
        return sum;
    }
}
