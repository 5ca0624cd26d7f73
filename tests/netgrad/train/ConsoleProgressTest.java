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
    void at80ColumnsEveryRedrawIs79WideSoNoRefreshLeavesALineBehind() {
        StringWriter out = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(out), true, 100, 80);
        for (long n : new long[]{1, 64, 54_000}) {
            for (long elapsed : new long[]{1_000L, 150_000_000L, 3_000_000_000_000L}) {
                String bar = progress.bar(100, n, 54_000, 12345.678, elapsed);
                assertThat(bar).as("n=%d elapsed=%d", n, elapsed).hasSize(79).doesNotContain("\n");
            }
        }
        progress.step(100, 54_000, 54_000, 0.5);
        progress.epoch(EPOCH);
        String[] redraws = out.toString().split("\r");
        // every part but the last is overwritten in place (the last is the epoch's own line, printed once)
        assertThat(redraws.length).isGreaterThan(2);
        for (int i = 0; i < redraws.length - 1; i++) {
            assertThat(redraws[i]).doesNotContain("\n").hasSizeLessThanOrEqualTo(79);
        }
    }

    @Test
    void theRateWaitsForTheClockToSettle() {
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(new StringWriter()), true, 10, 100);
        assertThat(progress.bar(1, 64, 54_000, 0.5, 1_000L)).doesNotContain("ex/s").doesNotContain("ETA");
        assertThat(progress.bar(1, 27_000, 54_000, 0.5, 1_000_000_000L)).contains("27,000 ex/s", "ETA 1.0s");
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
        assertThat(text).contains("[==============================] 100%").contains("loss 0.4000");
        assertThat(text).endsWith("epoch 2/10  train loss 0.3123 acc 89.12%  val loss 0.3300 acc 88.01%  2.0 s (27,000 ex/s)"
                + System.lineSeparator());
    }
}
