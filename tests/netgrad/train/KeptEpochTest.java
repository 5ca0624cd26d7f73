package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.model.Initializer;
import netgrad.model.Parameters;

/** The choice of the kept epoch on a forced sequence of validation figures, and the copy of θ it keeps. */
class KeptEpochTest {
    /** Validation accuracy and loss per epoch: the best accuracy 0.8 first at epoch 2, tied at 4 with a lower loss. */
    static final double[][] FORCED = {{0.5, 0.9}, {0.8, 0.5}, {0.7, 0.4}, {0.8, 0.45}, {0.8, 0.45}, {0.6, 0.3}};

    private static EpochResult epoch(int e) {
        return new EpochResult(e, 1.0 / e, 0.5, FORCED[e - 1][1], FORCED[e - 1][0], 1, 10);
    }

    /** θ marked with its epoch: W1[0] = e, and batch norm's running mean too where the plan has one. */
    private static void mark(Parameters theta, int e) {
        theta.W(1).data[0] = e;
        theta.runningMean(1).data[0] = 10 + e;
    }

    @Test
    void bestKeepsTheHighestValidationAccuracyATieGoingToTheLowerLossThenTheEarlierEpoch() {
        Parameters theta = Initializer.initialize(BatchNormTrainingTest.BN);
        KeptEpoch kept = new KeptEpoch(KeptEpoch.Keep.BEST, theta);
        assertThat(kept.epoch()).isZero();
        List<Boolean> newlyKept = new java.util.ArrayList<>();
        for (int e = 1; e <= FORCED.length; e++) {
            mark(theta, e);
            newlyKept.add(kept.offer(epoch(e), theta));
        }
        // 1 is kept first; 2 has a higher accuracy; 3 a lower one; 4 the same accuracy and a lower loss;
        // 5 ties 4 in both (the earlier stays); 6 has the lowest loss but a lower accuracy
        assertThat(newlyKept).containsExactly(true, true, false, true, false, false);
        assertThat(kept.epoch()).isEqualTo(4);
        assertThat(kept.kept()).isEqualTo(epoch(4));

        kept.restore(theta);
        assertThat(theta.W(1).data[0]).isEqualTo(4.0);
        assertThat(theta.runningMean(1).data[0]).as("batch norm's running mean is the kept epoch's").isEqualTo(14.0);
    }

    @Test
    void lastKeepsEveryEpochInTurnAndLeavesThetaAsItIs() {
        Parameters theta = Initializer.initialize(BatchNormTrainingTest.BN);
        KeptEpoch kept = new KeptEpoch(KeptEpoch.Keep.LAST, theta);
        for (int e = 1; e <= FORCED.length; e++) {
            mark(theta, e);
            assertThat(kept.offer(epoch(e), theta)).isTrue();
        }
        assertThat(kept.epoch()).isEqualTo(FORCED.length);
        kept.restore(theta);
        assertThat(theta.W(1).data[0]).isEqualTo(FORCED.length);
    }

    @Test
    void beforeAnyEpochTheInitialThetaIsKept() {
        Parameters theta = Initializer.initialize(BatchNormTrainingTest.BN);
        Parameters initial = theta.copy();
        KeptEpoch kept = new KeptEpoch(KeptEpoch.Keep.BEST, theta);
        mark(theta, 7);
        kept.restore(theta);
        assertThat(kept.kept()).isNull();
        assertThat(theta.W(1).data).isEqualTo(initial.W(1).data);
        assertThat(theta.runningMean(1).data).isEqualTo(initial.runningMean(1).data);
    }
}
