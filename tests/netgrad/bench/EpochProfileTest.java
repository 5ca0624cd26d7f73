package netgrad.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.bench.EpochProfile.Phase;

/** The profile's phases from call stacks (innermost frame first), as the flight recorder gives them. */
class EpochProfileTest {
    @Test
    void theInnermostRecognisedFrameDecidesWithinAStep() {
        // the transposition inside ∇W_1's product is its own phase, not the product's
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.Gemm.transpose", "netgrad.linalg.Gemm.multTransB",
                "netgrad.linalg.Ops.multTransB", "netgrad.backprop.Backprop.weightGradient",
                "netgrad.backprop.Backprop.backward", "netgrad.train.StepRunner.step"))).isEqualTo(Phase.TRANSPOSES);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.VectorKernel.tile6x4", "netgrad.linalg.Gemm.run",
                "netgrad.linalg.Ops.multTransB", "netgrad.backprop.Backprop.weightGradient",
                "netgrad.backprop.Backprop.backward"))).isEqualTo(Phase.WEIGHT_GRADIENT);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.VectorKernel.tile6x4", "netgrad.linalg.Gemm.run",
                "netgrad.linalg.Ops.mult", "netgrad.backprop.Backprop.forwardFrom",
                "netgrad.train.StepRunner.step"))).isEqualTo(Phase.FORWARD_PRODUCTS);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.Transcendental.tanh",
                "netgrad.backprop.Activations.apply", "netgrad.backprop.Backprop.operations")))
                .isEqualTo(Phase.ACTIVATION);
        assertThat(EpochProfile.classify(List.of("netgrad.train.Optimizers$Adam.update",
                "netgrad.train.StepRunner.sumAndUpdate", "netgrad.train.WorkerPool.loop"))).isEqualTo(Phase.UPDATE);
    }

    @Test
    void theRowSplitAndTheFloat32StepsHaveTheSamePhases() {
        // the batch split by rows computes ∇W_k and ∇b_k inside the update task: they stay products and sums
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.VectorKernel.tile6x4", "netgrad.linalg.Ops.multRows",
                "netgrad.train.RowSplitStep.weightRows", "netgrad.train.RowSplitStep.rowsAndUpdate",
                "netgrad.train.StepRunner.sumAndUpdate"))).isEqualTo(Phase.WEIGHT_GRADIENT);
        assertThat(EpochProfile.classify(List.of("netgrad.train.RowSplitStep.biasRows",
                "netgrad.train.RowSplitStep.rowsAndUpdate", "netgrad.train.StepRunner.sumAndUpdate")))
                .isEqualTo(Phase.BIAS_GRADIENT);
        assertThat(EpochProfile.classify(List.of("netgrad.train.Optimizers$Sgd.update",
                "netgrad.train.RowSplitStep.checkAndUpdate", "netgrad.train.RowSplitStep.rowsAndUpdate",
                "netgrad.train.StepRunner.sumAndUpdate"))).isEqualTo(Phase.UPDATE);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.VectorKernel.allFinite", "netgrad.linalg.Ops.allFinite",
                "netgrad.train.Finite.all", "netgrad.train.RowSplitStep.checkAndUpdate",
                "netgrad.train.RowSplitStep.rowsAndUpdate", "netgrad.train.StepRunner.rowStep")))
                .as("one thread's update").isEqualTo(Phase.UPDATE);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.FloatVectorKernel.tile6x4",
                "netgrad.linalg.FloatOps.multRows", "netgrad.train.Float32Backprop.weightRows",
                "netgrad.train.Float32Steps.rowsAndUpdate"))).isEqualTo(Phase.WEIGHT_GRADIENT);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.FloatVectorKernel.tile6x4",
                "netgrad.linalg.FloatGemm.run", "netgrad.linalg.FloatOps.mult",
                "netgrad.train.Float32Backprop.forward"))).isEqualTo(Phase.FORWARD_PRODUCTS);
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.FloatVectorKernel.relu",
                "netgrad.linalg.FloatOps.relu", "netgrad.train.Float32Functions.activate")))
                .isEqualTo(Phase.ACTIVATION);
        assertThat(EpochProfile.classify(List.of("netgrad.data.DataSet.fillBatch", "netgrad.train.Float32Part.fill",
                "netgrad.train.Float32Steps.lossAndGradients"))).isEqualTo(Phase.FILL);
    }

    @Test
    void evaluationAndBatchAssemblyWinOverTheForwardPassTheyContain() {
        assertThat(EpochProfile.classify(List.of("netgrad.linalg.VectorKernel.tile6x4", "netgrad.linalg.Ops.mult",
                "netgrad.backprop.Backprop.forwardFrom", "netgrad.train.Trainer.evaluate")))
                .isEqualTo(Phase.EVALUATION);
        assertThat(EpochProfile.classify(List.of("netgrad.data.DataSet.fillBatch", "netgrad.train.StepBuffers.fill",
                "netgrad.train.StepRunner.step"))).isEqualTo(Phase.FILL);
    }

    @Test
    void spinningWhileTheOtherThreadWorksIsWaitingAndTheRestIsOther() {
        assertThat(EpochProfile.classify(List.of("java.lang.Thread.onSpinWait", "netgrad.train.WorkerPool.run",
                "netgrad.train.StepRunner.step"))).isEqualTo(Phase.WAIT);
        assertThat(EpochProfile.classify(List.of("java.util.ArrayList.add", "netgrad.train.Trainer.train")))
                .isEqualTo(Phase.OTHER);
    }

    @Test
    void aShortProfileSamplesTheProductsAndAccountsForEverySample() throws Exception {
        netgrad.data.DataSet set = EpochBench.synthetic(6000, 784, 2);
        netgrad.plan.Activation relu = netgrad.plan.Activation.Kind.RELU.make(0);
        EpochProfile.Result r = EpochProfile.profile(relu, set, EpochBench.Mode.ONE, 3, 64);
        int sum = r.samples().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(sum).isEqualTo(r.total());
        assertThat(r.total()).isPositive();
        // the products are most of an epoch's work: whatever the machine's load, they get samples
        assertThat(r.samples().get(Phase.FORWARD_PRODUCTS) + r.samples().get(Phase.WEIGHT_GRADIENT)).isPositive();
    }
}
