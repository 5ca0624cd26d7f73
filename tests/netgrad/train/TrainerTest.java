package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.data.DataSet;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.source.SourcePos;
import netgrad.plan.Training;

class TrainerTest {
    static final Plan TINY = Plan.of("tiny", new int[]{2, 8, 2}, List.of(new Activation.Tanh()),
            OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(11));

    /** Two pixels per example; class 0 when the first is brighter by at least 40 levels, class 1 when darker. */
    static DataSet separable(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[2 * n];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int p, q;
            do {
                p = random.nextInt(256);
                q = random.nextInt(256);
            } while (Math.abs(p - q) < 40);
            pixels[2 * i] = (byte) p;
            pixels[2 * i + 1] = (byte) q;
            labels[i] = (byte) (p > q ? 0 : 1);
        }
        return new DataSet("separable", pixels, 2, labels, List.of("first", "second"));
    }

    static Training training(Training.Kind kind, double eta, int batch, int epochs) {
        return new Training("separable", Training.Optimizer.defaults(kind), eta, batch, epochs, 0.1, SourcePos.none());
    }

    @Test
    void aTinyNetworkLearnsASeparableProblemTo100Percent() {
        DataSet data = separable(300, 1);
        DataSet.Split split = data.split(0.2, 2);
        Parameters theta = Initializer.initialize(TINY);
        Trainer trainer = new Trainer(TINY, training(Training.Kind.ADAM, 0.05, 16, 40), 3);

        Trainer.Result result = trainer.train(theta, split.rest(), split.held(), TrainingListener.NONE);

        assertThat(result.diverged()).isFalse();
        assertThat(result.history()).hasSize(40);
        assertThat(result.history().get(39).validationAccuracy()).isEqualTo(1.0);
        assertThat(trainer.evaluate(theta, separable(200, 9)).accuracy()).isEqualTo(1.0);
        assertThat(result.history().get(39).trainLoss()).isLessThan(result.history().get(0).trainLoss());
    }

    @Test
    void everyOptimizerLowersTheLossOnTheSeparableProblem() {
        DataSet data = separable(200, 4);
        for (Training.Kind kind : Training.Kind.values()) {
            double eta = switch (kind) {
                case SGD, MOMENTUM, NAG -> 0.5;
                default -> 0.01;
            };
            Parameters theta = Initializer.initialize(TINY);
            Trainer trainer = new Trainer(TINY, training(kind, eta, 20, 5), 3);
            double before = trainer.evaluate(theta, data).loss();
            Trainer.Result result = trainer.train(theta, data, data.split(0, 0).held(), TrainingListener.NONE);
            assertThat(result.diverged()).as(kind.keyword()).isFalse();
            assertThat(trainer.evaluate(theta, data).loss()).as(kind.keyword()).isLessThan(0.8 * before);
        }
    }

    @Test
    void theSameSeedGivesTheSameWeightsBitForBit() {
        DataSet data = separable(100, 5);
        Parameters a = Initializer.initialize(TINY);
        Parameters b = Initializer.initialize(TINY);
        new Trainer(TINY, training(Training.Kind.NADAM, 0.01, 7, 3), 42).train(a, data, data.split(0, 0).held(), TrainingListener.NONE);
        new Trainer(TINY, training(Training.Kind.NADAM, 0.01, 7, 3), 42).train(b, data, data.split(0, 0).held(), TrainingListener.NONE);
        Parameters c = Initializer.initialize(TINY);
        new Trainer(TINY, training(Training.Kind.NADAM, 0.01, 7, 3), 43).train(c, data, data.split(0, 0).held(), TrainingListener.NONE);

        for (Quantity name : TINY.parameters()) {
            assertThat(a.get(name).data).as(name.label()).isEqualTo(b.get(name).data);
        }
        assertThat(a.get(Quantity.W(1)).data).isNotEqualTo(c.get(Quantity.W(1)).data);
    }

    @Test
    void aHugeLearningRateStopsWithTheEpochStepAndLayerAndKeepsTheLastGoodWeights() {
        Plan deep = Plan.of("relu", new int[]{2, 8, 8, 2}, List.of(new Activation.Relu(), new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(11));
        DataSet data = separable(100, 6);
        Parameters theta = Initializer.initialize(deep);
        List<Parameters> endOfEpoch = new ArrayList<>();
        Trainer trainer = new Trainer(deep, training(Training.Kind.SGD, 1e200, 10, 3), 1);

        Trainer.Result result = trainer.train(theta, data, data.split(0, 0).held(), new TrainingListener() {
            @Override
            public void epoch(EpochResult r) {
                endOfEpoch.add(theta.copy());
            }
        });

        assertThat(result.diverged()).isTrue();
        Divergence d = result.divergence();
        assertThat(d.epoch()).isEqualTo(1);
        assertThat(d.step()).isBetween(2, 10);
        assertThat(d.layer()).isBetween(1, 3);
        assertThat(d.message()).contains("epoch 1, step " + d.step()).contains("layer " + d.layer())
                .contains("smaller learning rate");
        assertThat(endOfEpoch).isEmpty();
        Parameters initial = Initializer.initialize(deep);
        for (Quantity name : deep.parameters()) {
            assertThat(theta.get(name).data).as(name.label()).isEqualTo(initial.get(name).data);
        }
    }

    @Test
    void aNonFiniteGradientNamesTheFirstLayerWhereItAppears() {
        StepBuffers s = new StepBuffers(TINY, 3);
        assertThat(s.firstNonFiniteGradient()).isZero();
        s.gradients.b(2).data[1] = Double.NaN;
        assertThat(s.firstNonFiniteGradient()).isEqualTo(2);
        s.gradients.W(1).data[3] = Double.POSITIVE_INFINITY;
        assertThat(s.firstNonFiniteGradient()).isEqualTo(1);
    }

    @Test
    void splittingEachBatchOverThreadsGivesTheSameWeightsToRounding() {
        Plan plan = Plan.of("t", new int[]{2, 6, 5, 2}, List.of(new Activation.Tanh(), new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.01, Init.xavier(2));
        DataSet data = separable(101, 8); // 101 = 10 batches of 10 and a last one of 1
        DataSet none = data.split(0, 0).held();
        Parameters one = Initializer.initialize(plan);
        Parameters three = Initializer.initialize(plan);
        for (Training.Kind kind : new Training.Kind[]{Training.Kind.SGD, Training.Kind.ADAM}) {
            new Trainer(plan, training(kind, 0.1, 10, 2), 5, GradientEngine.BACKPROP, 1).train(one, data, none, TrainingListener.NONE);
            new Trainer(plan, training(kind, 0.1, 10, 2), 5, GradientEngine.BACKPROP, 3).train(three, data, none, TrainingListener.NONE);
            for (Quantity name : plan.parameters()) {
                double[] a = one.get(name).data;
                double[] b = three.get(name).data;
                for (int i = 0; i < a.length; i++) {
                    assertThat(b[i]).as(kind + " " + name + "[" + i + "]").isCloseTo(a[i], within(THREAD_TOLERANCE));
                }
            }
        }
        assertThat(one.get(Quantity.W(1)).data).isNotEqualTo(Initializer.initialize(plan).get(Quantity.W(1)).data);
    }

    /** Splitting changes only the order of additions: 22 steps of rounding differences. */
    static final double THREAD_TOLERANCE = 1e-12;

    @Test
    void theTapeAndBackpropTrainToTheSameWeights() {
        Plan plan = Plan.of("t", new int[]{2, 5, 4, 2}, List.of(new Activation.Logistic(), new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.01, Init.xavier(2));
        DataSet data = separable(40, 3);
        DataSet none = data.split(0, 0).held();
        Parameters byBackprop = Initializer.initialize(plan);
        Parameters byTape = Initializer.initialize(plan);
        Training adam = training(Training.Kind.ADAM, 0.01, 8, 2); // 10 steps
        Trainer.Result a = new Trainer(plan, adam, 4, GradientEngine.BACKPROP, 1).train(byBackprop, data, none, TrainingListener.NONE);
        Trainer.Result b = new Trainer(plan, adam, 4, GradientEngine.TAPE, 1).train(byTape, data, none, TrainingListener.NONE);

        for (Quantity name : plan.parameters()) {
            double[] x = byBackprop.get(name).data;
            double[] y = byTape.get(name).data;
            for (int i = 0; i < x.length; i++) {
                assertThat(y[i]).as(name + "[" + i + "]").isCloseTo(x[i], within(ENGINE_TOLERANCE));
            }
        }
        assertThat(b.history().get(1).trainLoss()).isCloseTo(a.history().get(1).trainLoss(), within(ENGINE_TOLERANCE));
        assertThat(byBackprop.get(Quantity.W(2)).data).isNotEqualTo(Initializer.initialize(plan).get(Quantity.W(2)).data);
    }

    /** Two engines, the same math: gradients differ by rounding, amplified a little by Adam's division over 10 steps. */
    static final double ENGINE_TOLERANCE = 1e-10;
}
