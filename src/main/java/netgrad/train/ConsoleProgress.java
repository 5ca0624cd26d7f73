package netgrad.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on the console. On a terminal: a bar redrawn in place during each epoch (examples/s, running loss,
 * ETA), at most ten times a second. Otherwise no bar, so logs stay clean. Either way one line per epoch with
 * training and validation loss and accuracy.
 */
public final class ConsoleProgress implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private long epochStart;
    private long lastDraw;

    public ConsoleProgress(PrintWriter out, boolean terminal, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
    }

    @Override
    public void step(int epoch, long examples, long total, double runningLoss) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (examples <= Math.min(total, 1) || epochStart == 0) {
            epochStart = now;
        }
        if (now - lastDraw < 100_000_000L && examples < total) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-9, (now - epochStart) / 1e9);
        double rate = examples / seconds;
        double eta = (total - examples) / Math.max(rate, 1e-9);
        int filled = (int) (WIDTH * examples / Math.max(1, total));
        out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %3d%%  %,.0f ex/s  loss %.4f  ETA %.1fs ",
                epoch, epochs, "=".repeat(filled), " ".repeat(WIDTH - filled), 100 * examples / Math.max(1, total),
                rate, runningLoss, eta));
        out.flush();
    }

    @Override
    public void epoch(EpochResult r) {
        if (terminal) {
            out.print("\r" + " ".repeat(WIDTH + 70) + "\r");
        }
        epochStart = 0;
        out.println(line(r, epochs));
        out.flush();
    }

    /** "epoch 3/10  train loss 0.3012 acc 89.12%  val loss 0.3301 acc 88.02%  2.1 s (25,700 ex/s)" */
    public static String line(EpochResult r, int epochs) {
        String val = Double.isNaN(r.validationLoss()) ? "" : String.format(Locale.ROOT, "  val loss %.4f acc %.2f%%",
                r.validationLoss(), 100 * r.validationAccuracy());
        return String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.2f%%%s  %.1f s (%,.0f ex/s)", r.epoch(),
                epochs, r.trainLoss(), 100 * r.trainAccuracy(), val, r.seconds(), r.examplesPerSecond());
    }
}
