package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.data.DataSet;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Training;

/**
 * A whole run keeps the epoch of the best validation accuracy: θ, batch norm's running statistics and weights.npz are
 * that epoch's, and evaluating the saved file gives its recorded validation figures bit for bit.
 */
class TrainingRunKeepTest {
    @TempDir
    Path dir;

    /**
     * Training: the separable problem; validation: the same rule with 30% of the labels flipped, so that validation
     * accuracy stops rising after an epoch or two while its loss climbs (the net grows confident on the flips): here
     * epochs 1, 2, 7 and 8 tie on the highest accuracy, 65.0%, and epoch 2 has the lowest loss of the four.
     */
    static DataSet.Split parts() {
        return new DataSet.Split(TrainerTest.separable(120, 1), noisy(60, 117, 0.3));
    }

    static DataSet noisy(int n, long seed, double flip) {
        DataSet clean = TrainerTest.separable(n, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        byte[] pixels = new byte[2 * n];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[2 * i] = (byte) Math.round(255 * clean.pixel(i, 0));
            pixels[2 * i + 1] = (byte) Math.round(255 * clean.pixel(i, 1));
            labels[i] = (byte) (random.nextDouble() < flip ? 1 - clean.label(i) : clean.label(i));
        }
        return new DataSet("noisy", pixels, 2, labels, clean.classNames());
    }

    static final Training ADAM = TrainerTest.training(Training.Kind.ADAM, 0.003, 16, 8);

    private TrainingRun run(KeptEpoch.Keep keep) {
        return new TrainingRun(BatchNormTrainingTest.BN, ADAM, 1, GradientEngine.BACKPROP, 1, Parallelism.of(1), dir,
                keep);
    }

    /** Records θ after every epoch and the epoch weights.npz held when that epoch ended (what an interrupt leaves). */
    static final class Recorder implements TrainingListener {
        final Parameters theta;
        final List<Parameters> thetas = new ArrayList<>();
        final List<Integer> fileEpochs = new ArrayList<>();
        final Path weights;

        Recorder(Parameters theta, Path weights) {
            this.theta = theta;
            this.weights = weights;
        }

        @Override
        public void epoch(EpochResult r) {
            thetas.add(theta.copy());
            try {
                fileEpochs.add(Files.exists(weights) ? (int) Npz.read(weights).get(WeightFiles.EPOCH).data[0] : -1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The best epoch by the documented rule, computed here from the history alone. */
    static int best(List<EpochResult> history) {
        return history.stream().max(Comparator.comparingDouble(EpochResult::validationAccuracy)
                .thenComparing(Comparator.comparingDouble(EpochResult::validationLoss).reversed())
                .thenComparing(Comparator.comparingInt(EpochResult::epoch).reversed())).orElseThrow().epoch();
    }

    @Test
    void theKeptEpochIsTheBestValidationOneAndItsSavedWeightsReproduceItsValidationFiguresBitForBit()
            throws Exception {
        Parameters theta = Initializer.initialize(BatchNormTrainingTest.BN);
        Path weights = dir.resolve(RunOutputs.WEIGHTS);
        Recorder recorder = new Recorder(theta, weights);
        DataSet.Split parts = parts();

        TrainingRun.Trained trained = run(KeptEpoch.Keep.BEST).train(theta, parts, recorder);

        List<EpochResult> history = trained.result().history();
        int best = best(history);
        double bestAccuracy = history.get(best - 1).validationAccuracy();
        // the data force a best epoch in the middle, with an earlier epoch of the same accuracy (and a higher loss, so
        // the tie goes to the best) and a later one
        assertThat(best).as("best epoch of " + history).isBetween(2, history.size() - 1);
        assertThat(history.subList(0, best - 1)).anyMatch(r -> r.validationAccuracy() == bestAccuracy);
        assertThat(history.subList(best, history.size())).anyMatch(r -> r.validationAccuracy() == bestAccuracy);

        assertThat(trained.keptEpoch()).isEqualTo(best);
        assertThat(trained.kept()).isEqualTo(history.get(best - 1));
        Parameters atBest = recorder.thetas.get(best - 1);
        Map<String, Matrix> saved = Npz.read(weights);
        assertThat(saved.get(WeightFiles.EPOCH).data).containsExactly(best);
        WeightFiles.entries(atBest).forEach((name, m) -> assertThat(saved.get(name).data).as(name).isEqualTo(m.data));
        assertThat(saved.get("running_mean1").data).isEqualTo(atBest.runningMean(1).data)
                .isNotEqualTo(recorder.thetas.get(history.size() - 1).runningMean(1).data);
        Map<String, Matrix> inMemory = WeightFiles.entries(theta);
        WeightFiles.entries(atBest).forEach((name, m) -> assertThat(inMemory.get(name).data).as(name).isEqualTo(m.data));

        SavedWeights.Loaded loaded = SavedWeights.load(weights, BatchNormTrainingTest.BN);
        assertThat(loaded.epoch()).hasValue(best);
        Evaluation again = new Trainer(BatchNormTrainingTest.BN, ADAM, 0).evaluate(loaded.theta(), parts.held());
        assertThat(again.accuracy()).isEqualTo(bestAccuracy);
        assertThat(Double.doubleToRawLongBits(again.loss()))
                .isEqualTo(Double.doubleToRawLongBits(history.get(best - 1).validationLoss()));

        // after each epoch the file held the best epoch among the ones before (what an interrupted run keeps)
        for (int e = 1; e <= history.size(); e++) {
            int before = e == 1 ? -1 : best(history.subList(0, e - 1));
            assertThat(recorder.fileEpochs.get(e - 1)).as("weights.npz when epoch " + e + " ended").isEqualTo(before);
        }
    }

    @Test
    void lastKeepsTheLastEpoch() throws Exception {
        Parameters theta = Initializer.initialize(BatchNormTrainingTest.BN);
        Recorder recorder = new Recorder(theta, dir.resolve(RunOutputs.WEIGHTS));
        TrainingRun.Trained trained = run(KeptEpoch.Keep.LAST).train(theta, parts(), recorder);

        int last = trained.result().history().size();
        assertThat(trained.keptEpoch()).isEqualTo(last).isNotEqualTo(best(trained.result().history()));
        SavedWeights.Loaded loaded = SavedWeights.load(dir.resolve(RunOutputs.WEIGHTS), BatchNormTrainingTest.BN);
        assertThat(loaded.epoch()).hasValue(last);
        assertThat(loaded.theta().W(1).data).isEqualTo(recorder.thetas.get(last - 1).W(1).data);
        assertThat(loaded.theta().runningVariance(1).data).isEqualTo(recorder.thetas.get(last - 1).runningVariance(1).data);
    }

    @Test
    void bestWithoutAValidationSetIsRefused() {
        DataSet train = TrainerTest.separable(40, 2);
        Parameters theta = Initializer.initialize(BatchNormTrainingTest.BN);
        assertThatThrownBy(() -> run(KeptEpoch.Keep.BEST).train(theta, train.split(0, 0), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation set");
    }
}
