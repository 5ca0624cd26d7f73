package netgrad.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on the console. On a terminal: a bar redrawn in place during each epoch (examples/s, running loss,
 * ETA), at most ten times a second, never wider than the terminal less one column (a line as wide as the
 * terminal wraps on some, and then every {@code \r} leaves a line behind). Otherwise no bar, so logs stay clean.
 * Either way one line per epoch with training and validation loss and accuracy.
 */
public final class ConsoleProgress implements TrainingListener {
    /** The widest bar; narrower when the terminal is. */
    private static final int WIDTH = 30;
    /** The rate and ETA are shown only after this long into an epoch (the first steps time nothing). */
    private static final long SETTLE_NANOS = 200_000_000L;
    /** The terminal width assumed when none is known. */
    public static final int DEFAULT_COLUMNS = 80;
    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private final int columns;
    private long epochStart;
    private long lastDraw;

    public ConsoleProgress(PrintWriter out, boolean terminal, int epochs) {
        this(out, terminal, epochs, DEFAULT_COLUMNS);
    }

    /** {@code columns}: the terminal's width; every redrawn line is at most {@code columns − 1} wide. */
    public ConsoleProgress(PrintWriter out, boolean terminal, int epochs, int columns) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.columns = Math.max(20, columns);
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
        out.print("\r" + bar(epoch, examples, total, runningLoss, now - epochStart));
        out.flush();
    }

    /** The bar's line (without the {@code \r}), at most columns − 1 wide; the rate waits for a settled clock. */
    String bar(int epoch, long examples, long total, double runningLoss, long elapsedNanos) {
        String rate = "";
        if (elapsedNanos >= SETTLE_NANOS) {
            double perSecond = examples / (elapsedNanos / 1e9); // examples so far / seconds so far
            double eta = (total - examples) / Math.max(perSecond, 1e-9);
            rate = String.format(Locale.ROOT, "  %,.0f ex/s  ETA %.1fs", perSecond, eta);
        }
        String head = String.format(Locale.ROOT, "epoch %d/%d [", epoch, epochs);
        String tail = String.format(Locale.ROOT, "] %3d%%  loss %.4f%s", 100 * examples / Math.max(1, total),
                runningLoss, rate);
        int width = Math.max(5, Math.min(WIDTH, columns - 1 - head.length() - tail.length()));
        int filled = (int) (width * examples / Math.max(1, total));
        String line = head + "=".repeat(filled) + " ".repeat(width - filled) + tail;
        line = line.length() < columns ? line : line.substring(0, columns - 1);
        return line + " ".repeat(columns - 1 - line.length());
    }

    @Override
    public void epoch(EpochResult r) {
        if (terminal) {
            out.print("\r" + " ".repeat(columns - 1) + "\r");
        }
        epochStart = 0;
        out.println(line(r, epochs));
        out.flush();
    }

    @Override
    public void annealed(int epoch, double loss, double previous, double eta) {
        out.println(annealLine(loss, previous, eta));
        out.flush();
    }

    /** "  val loss went up (0.2801 > 0.2679): η halved to 0.0005 for the epochs that follow" */
    public static String annealLine(double loss, double previous, double eta) {
        return String.format(Locale.ROOT, "  val loss went up (%.4f > %.4f): η halved to %s for the epochs that follow",
                loss, previous, java.math.BigDecimal.valueOf(eta).stripTrailingZeros().toPlainString());
    }

    /** "epoch 3/10  train loss 0.3012 acc 89.12%  val loss 0.3301 acc 88.02%  2.1 s (25,700 ex/s)" */
    public static String line(EpochResult r, int epochs) {
        String val = Double.isNaN(r.validationLoss()) ? "" : String.format(Locale.ROOT, "  val loss %.4f acc %.2f%%",
                r.validationLoss(), 100 * r.validationAccuracy());
        return String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.2f%%%s  %.1f s (%,.0f ex/s)", r.epoch(),
                epochs, r.trainLoss(), 100 * r.trainAccuracy(), val, r.seconds(), r.examplesPerSecond());
    }
}
