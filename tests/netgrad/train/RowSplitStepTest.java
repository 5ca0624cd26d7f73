package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;

/**
 * The batch split by rows ({@link RowSplitStep}): every entry of every ∇W_k and ∇b_k is the same chain of additions
 * over the batch's examples as on one thread, so training on 2 or 3 threads gives one thread's weights bit for bit,
 * also with decay, a last batch smaller than the others, a batch smaller than the thread count and layers whose
 * rows do not split evenly (14 rows: 6 + 6 + 2; 3 rows: all on the first thread).
 */
class RowSplitStepTest {
    static final Plan PLAN = Plan.of("rows", new int[]{20, 14, 13, 3}, List.of(new Activation.Tanh(), new Activation.Relu()),
            OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.003, Init.xavier(6));

    @Test
    void twoAndThreeThreadsGiveOneThreadsWeightsBitForBit() {
        DataSet data = random(97, 20, 8);                 // 8 batches of 12 and a last one of 1 (fewer than threads)
        Training adam = TrainerTest.training(Training.Kind.ADAM, 0.01, 12, 3);
        Parameters one = train(data, adam, 1);
        assertThat(maxDifference(one, Initializer.initialize(PLAN))).as("training moves θ").isGreaterThan(1e-3);
        for (int threads : new int[]{2, 3}) {
            assertThat(RowSplitStep.applies(new Backprop(PLAN), GradientEngine.BACKPROP, threads)).isTrue();
            Parameters split = train(data, adam, threads);
            for (Quantity q : PLAN.parameters()) {
                assertThat(split.get(q).data).as("%s on %d threads", q.label(), threads).isEqualTo(one.get(q).data);
            }
        }
    }

    /** float32 training splits its batch the same way (Float32Steps): 2 and 3 threads give one thread's floats. */
    @Test
    void float32TrainingOnTwoAndThreeThreadsGivesOneThreadsWeightsBitForBit() {
        DataSet data = random(97, 20, 9);
        Training adam = TrainerTest.training(Training.Kind.ADAM, 0.01, 12, 3);
        Parameters one = train(data, adam, 1, Precision.FLOAT32);
        assertThat(maxDifference(one, Initializer.initialize(PLAN))).as("training moves θ").isGreaterThan(1e-3);
        for (int threads : new int[]{2, 3}) {
            Parameters split = train(data, adam, threads, Precision.FLOAT32);
            for (Quantity q : PLAN.parameters()) {
                assertThat(split.get(q).data).as("%s on %d threads", q.label(), threads).isEqualTo(one.get(q).data);
            }
        }
    }

    /**
     * One thread with unsplit products runs this step too (xᵀ filled from the bytes); with products split over two
     * threads it runs the slide's back_propagation with its own ∇W_k and ∇b_k. The two give the same bits.
     */
    @Test
    void oneThreadGivesTheWeightsOfTheSlidesBackPropagationBitForBit() {
        DataSet data = random(61, 20, 10);
        Training momentum = TrainerTest.training(Training.Kind.MOMENTUM, 0.05, 8, 2);
        assertThat(RowSplitStep.applies(new Backprop(PLAN, Parallelism.of(1)), GradientEngine.BACKPROP, 1)).isTrue();
        assertThat(RowSplitStep.applies(new Backprop(PLAN, Parallelism.of(2)), GradientEngine.BACKPROP, 1)).isFalse();
        Parameters rows = train(data, momentum, 1, Parallelism.of(1), Precision.FLOAT64);
        Parameters slide = train(data, momentum, 1, Parallelism.of(2), Precision.FLOAT64);
        assertThat(maxDifference(rows, Initializer.initialize(PLAN))).as("training moves θ").isGreaterThan(1e-3);
        for (Quantity q : PLAN.parameters()) {
            assertThat(rows.get(q).data).as(q.label()).isEqualTo(slide.get(q).data);
        }
    }

    /** The same for float32: rows on one thread against the slide's order with products split over two threads. */
    @Test
    void float32OnOneThreadGivesTheWeightsOfTheSlidesOrderBitForBit() {
        DataSet data = random(61, 20, 11);
        Training nag = TrainerTest.training(Training.Kind.NAG, 0.05, 8, 2);
        Parameters rows = train(data, nag, 1, Parallelism.of(1), Precision.FLOAT32);
        Parameters slide = train(data, nag, 1, Parallelism.of(2), Precision.FLOAT32);
        assertThat(maxDifference(rows, Initializer.initialize(PLAN))).as("training moves θ").isGreaterThan(1e-3);
        for (Quantity q : PLAN.parameters()) {
            assertThat(rows.get(q).data).as(q.label()).isEqualTo(slide.get(q).data);
        }
    }

    @Test
    void theSplitIsOnlyForThePlainHandDerivedBackprop() {
        assertThat(RowSplitStep.applies(new Backprop(PLAN, Parallelism.of(2)), GradientEngine.BACKPROP, 1)).isFalse();
        assertThat(RowSplitStep.applies(new Backprop(PLAN), GradientEngine.TAPE, 2)).isFalse();
        assertThat(RowSplitStep.applies(new Backprop(PLAN) {}, GradientEngine.BACKPROP, 2))
                .as("a test double of Backprop keeps its own steps").isFalse();
    }

    private static Parameters train(DataSet data, Training training, int threads) {
        return train(data, training, threads, Precision.FLOAT64);
    }

    private static Parameters train(DataSet data, Training training, int threads, Precision precision) {
        return train(data, training, threads, Parallelism.of(1), precision);
    }

    private static Parameters train(DataSet data, Training training, int threads, Parallelism products,
                                    Precision precision) {
        Parameters theta = Initializer.initialize(PLAN);
        new Trainer(PLAN, training, 5, GradientEngine.BACKPROP, threads, products, precision)
                .train(theta, data, data.split(0, 0).held(), TrainingListener.NONE);
        return theta;
    }

    static DataSet random(int count, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * features];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte) random.nextInt(3);
        return new DataSet("random", pixels, features, labels, DataSets.FASHION_MNIST_CLASSES.subList(0, 3));
    }

    private static double maxDifference(Parameters a, Parameters b) {
        return TrainingStepTest.maxDifference(PLAN, a, b);
    }
}
