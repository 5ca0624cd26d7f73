package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    static final EpochResult EPOCH = new EpochResult(2, 0.31234, 0.8912, 0.33, 0.8801, 2.0, 54000);

    @Test
    void withoutATerminalOnlyThePerEpochLineIsPrinted() {
        StringWriter out = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(out), false, 10);
        progress.step(2, 64, 54000, 0.5);
        progress.step(2, 54000, 54000, 0.31);
        progress.epoch(EPOCH);

        assertThat(out.toString()).isEqualTo(
                "epoch 2/10  train loss 0.3123 acc 89.12%  val loss 0.3300 acc 88.01%  2.0 s (27,000 ex/s)"
                        + System.lineSeparator());
    }

    @Test
    void onATerminalABarIsRedrawnInPlaceThenClearedForTheEpochLine() {
        StringWriter out = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(out), true, 10);
        progress.step(2, 64, 128, 0.5);
        progress.step(2, 128, 128, 0.4);
        progress.epoch(EPOCH);

        String text = out.toString();
        assertThat(text).startsWith("\repoch 2/10 [");
        assertThat(text).contains("[==============================] 100%").contains("loss 0.4000").contains("ETA 0.0s");
        assertThat(text).endsWith("epoch 2/10  train loss 0.3123 acc 89.12%  val loss 0.3300 acc 88.01%  2.0 s (27,000 ex/s)"
                + System.lineSeparator());
    }
}
