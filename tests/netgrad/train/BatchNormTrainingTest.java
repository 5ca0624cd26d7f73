package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.data.DataSet;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.Operation;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;
import netgrad.source.SourcePos;

/** Training mode (batch statistics, masks) and evaluation mode (running statistics, no dropout) on small data. */
class BatchNormTrainingTest {
    static final Plan BN = new Plan("bn", SourcePos.none(), 2, List.of(
            new Layer.Hidden(1, 2, 8, List.of(new Operation.Normalize(1e-5), new Operation.Activate(new Activation.Tanh()),
                    new Operation.Drop(0.2)), SourcePos.none()),
            new Layer.Output(2, 8, 2, OutputFunction.SOFTMAX, SourcePos.none())),
            Loss.CROSS_ENTROPY, 0, Init.xavier(11), java.util.Optional.empty());

    private static Trainer trainer(int epochs) {
        return new Trainer(BN, TrainerTest.training(Training.Kind.ADAM, 0.05, 16, epochs), 3);
    }

    @Test
    void learnsTheSeparableProblemAndUpdatesGammaBetaAndTheRunningStatistics() {
        DataSet.Split split = TrainerTest.separable(300, 1).split(0.2, 2);
        Parameters theta = Initializer.initialize(BN);
        Parameters initial = theta.copy();
        Trainer.Result result = trainer(30).train(theta, split.rest(), split.held(), TrainingListener.NONE);

        assertThat(result.diverged()).isFalse();
        assertThat(result.history().get(29).validationAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(trainer(1).evaluate(theta, TrainerTest.separable(200, 9)).accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(theta.gamma(1).data).isNotEqualTo(initial.gamma(1).data);
        assertThat(theta.beta(1).data).isNotEqualTo(initial.beta(1).data);
        assertThat(theta.runningMean(1).data).isNotEqualTo(initial.runningMean(1).data);
        assertThat(theta.runningVariance(1).data).isNotEqualTo(initial.runningVariance(1).data);
        // ∇b_1 = Σ_batch ∇a_1 = 0 but for rounding (~1e-17): b_1 stays near its initial 0; Adam's steps on that
        // noise are η·m/(√v + ε) ≈ η·1e-17/1e-8 each, so b_1 drifts by far less than 1e-6 (β_1 does b_1's work)
        for (double b : theta.b(1).data) {
            assertThat(Math.abs(b)).isLessThan(1e-6);
        }
    }

    @Test
    void aRunIsReproducibleBitForBit() {
        DataSet.Split split = TrainerTest.separable(200, 3).split(0.2, 4);
        Parameters first = Initializer.initialize(BN);
        Parameters second = Initializer.initialize(BN);
        trainer(3).train(first, split.rest(), split.held(), TrainingListener.NONE);
        trainer(3).train(second, split.rest(), split.held(), TrainingListener.NONE);
        first.toMap().forEach((q, m) -> assertThat(second.get(q).data).as(q.label()).isEqualTo(m.data));
        assertThat(second.runningMean(1).data).isEqualTo(first.runningMean(1).data);
        assertThat(second.runningVariance(1).data).isEqualTo(first.runningVariance(1).data);
    }

    @Test
    void evaluationUsesTheRunningStatisticsSavedInWeightsNpz(@TempDir Path dir) throws Exception {
        DataSet.Split split = TrainerTest.separable(200, 5).split(0.2, 6);
        Parameters theta = Initializer.initialize(BN);
        trainer(2).train(theta, split.rest(), split.held(), TrainingListener.NONE);
        Path file = dir.resolve("weights.npz");
        Npz.write(file, WeightFiles.entries(theta));
        assertThat(Npz.read(file)).containsKeys("W1", "b1", "gamma1", "beta1", "running_mean1", "running_var1");

        Parameters read = SavedWeights.read(file, BN);
        assertThat(read.runningMean(1).data).isEqualTo(theta.runningMean(1).data);
        assertThat(read.runningVariance(1).data).isEqualTo(theta.runningVariance(1).data);
        DataSet test = TrainerTest.separable(100, 7);
        assertThat(trainer(1).evaluate(read, test).loss()).isEqualTo(trainer(1).evaluate(theta, test).loss());

        Parameters shifted = read.copy();   // another running mean gives another evaluation: it is used
        for (int i = 0; i < shifted.runningMean(1).size(); i++) shifted.runningMean(1).data[i] += 0.5;
        assertThat(trainer(1).evaluate(shifted, test).loss()).isNotEqualTo(trainer(1).evaluate(read, test).loss());
        Files.delete(file);
        Npz.write(file, java.util.Map.of("W1", theta.W(1), "b1", theta.b(1), "gamma1", theta.gamma(1), "beta1",
                theta.beta(1), "W2", theta.W(2), "b2", theta.b(2)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SavedWeights.read(file, BN))
                .hasMessageContaining("running_mean1");
        assertThat(Quantity.parameter("gamma1", BN)).isEqualTo(Quantity.gamma(1));
        assertThat(new Matrix(1, 1).size()).isEqualTo(1);
    }
}
