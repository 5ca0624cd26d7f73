package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.data.DataSet;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Training;

/** The course's anneal: η ← η/2 after each epoch whose validation loss is higher than the epoch before's. */
class AnnealTest {
    static final double ETA = 0.003;
    static final Training ADAM = TrainerTest.training(Training.Kind.ADAM, ETA, 16, 8);

    private static Trainer trainer(boolean anneal) {
        return new Trainer(BatchNormTrainingTest.BN, ADAM.withAnneal(anneal), 1, GradientEngine.BACKPROP, 1,
                Parallelism.of(1));
    }

    record Halving(int epoch, double loss, double previous, double eta) {}

    @Test
    void etaIsHalvedAfterEveryEpochWhoseValidationLossWentUpAndTheEpochsBeforeAreUnchanged() {
        DataSet.Split parts = TrainingRunKeepTest.parts();     // its validation loss climbs after epoch 2
        List<Halving> halvings = new ArrayList<>();
        Parameters annealed = Initializer.initialize(BatchNormTrainingTest.BN);
        Trainer.Result withAnneal = trainer(true).train(annealed, parts.rest(), parts.held(), new TrainingListener() {
            @Override
            public void annealed(int epoch, double loss, double previous, double eta) {
                halvings.add(new Halving(epoch, loss, previous, eta));
            }
        });
        Parameters plain = Initializer.initialize(BatchNormTrainingTest.BN);
        Trainer.Result without = trainer(false).train(plain, parts.rest(), parts.held(), TrainingListener.NONE);

        List<EpochResult> h = withAnneal.history();
        List<Integer> rose = new ArrayList<>();
        for (int e = 2; e < h.size(); e++) {                       // not after the last epoch: nothing follows it
            if (h.get(e - 1).validationLoss() > h.get(e - 2).validationLoss()) rose.add(e);
        }
        assertThat(rose).as("epochs whose validation loss went up").hasSizeGreaterThanOrEqualTo(2);
        assertThat(halvings.stream().map(Halving::epoch).toList()).isEqualTo(rose);
        for (int i = 0; i < halvings.size(); i++) {
            Halving x = halvings.get(i);
            assertThat(x.eta()).isEqualTo(ETA / (2 << i));          // η/2, η/4, …
            assertThat(x.loss()).isEqualTo(h.get(x.epoch() - 1).validationLoss());
            assertThat(x.previous()).isEqualTo(h.get(x.epoch() - 2).validationLoss()).isLessThan(x.loss());
        }
        int first = rose.get(0);
        // up to the first rise the runs are the same, bit for bit; after it the smaller η shows
        assertThat(h.subList(0, first)).isEqualTo(without.history().subList(0, first).stream()
                .map(r -> new EpochResult(r.epoch(), r.trainLoss(), r.trainAccuracy(), r.validationLoss(),
                        r.validationAccuracy(), h.get(r.epoch() - 1).seconds(), r.examples())).toList());
        assertThat(h.get(first).trainLoss()).isNotEqualTo(without.history().get(first).trainLoss());
        assertThat(annealed.W(1).data).isNotEqualTo(plain.W(1).data);
    }

    @Test
    void halvingKeepsTheRulesStateSoTheNextAdamStepIsExactlyHalf() {
        int[] sizes = {3};
        Optimizer a = Optimizer.create(Training.Optimizer.defaults(Training.Kind.ADAM), 0.01, sizes);
        Optimizer b = Optimizer.create(Training.Optimizer.defaults(Training.Kind.ADAM), 0.01, sizes);
        double[][] g1 = {{0.3, -1.0, 2.0}};
        double[][] g2 = {{-0.1, 0.5, 4.0}};
        double[][] wa = {{0, 0, 0}};
        double[][] wb = {{0, 0, 0}};
        a.step(wa, g1);
        b.step(wb, g1);
        double[] afterFirst = wb[0].clone();
        b.halveLearningRate();
        assertThat(b.learningRate()).isEqualTo(0.005);
        a.step(wa, g2);
        b.step(wb, g2);
        for (int j = 0; j < 3; j++) {
            double full = wa[0][j] - afterFirst[j];               // −η·m̂/(√v̂ + ε) of step 2
            double half = wb[0][j] - afterFirst[j];
            assertThat(half).as("entry " + j).isCloseTo(full / 2, within(1e-15));
        }
        assertThat(b.steps()).isEqualTo(2);
    }
}
