package netgrad.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import netgrad.io.AtomicFiles;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Parameters;

/**
 * The files of a training run, each written atomically (a reader sees the old file or the new one):
 * {@code curves.csv} (per epoch), {@code loss.png}, {@code accuracy.png}, {@code confusion.png} and
 * {@code weights.npz} (W1, b1, … as float64 arrays, readable by {@code numpy.load} and {@code verify --weights}, and
 * {@code epoch}, the number of the epoch they are from).
 */
public final class RunOutputs {
    private RunOutputs() {}

    public static final String CURVES = "curves.csv";
    public static final String LOSS_PLOT = "loss.png";
    public static final String ACCURACY_PLOT = "accuracy.png";
    public static final String CONFUSION_PLOT = "confusion.png";
    public static final String WEIGHTS = "weights.npz";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** θ (with batch norm's running statistics) as weights.npz, and the epoch it is from (0: the initial θ). */
    public static void writeWeights(Path dir, Parameters theta, int epoch) throws IOException {
        Map<String, Matrix> entries = new LinkedHashMap<>(WeightFiles.entries(theta));
        Matrix number = new Matrix(1, 1);
        number.data[0] = epoch;
        entries.put(WeightFiles.EPOCH, number);
        Npz.write(dir.resolve(WEIGHTS), entries, Set.of(WeightFiles.EPOCH));     // shape (1,): int(w["epoch"][0])
    }

    /** epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds */
    public static void writeCurves(Path dir, List<EpochResult> history) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds\n");
        for (EpochResult r : history) {
            csv.append(String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g,%.17g,%.3f\n", r.epoch(), r.trainLoss(),
                    r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(), r.seconds()));
        }
        AtomicFiles.writeString(dir.resolve(CURVES), csv.toString());
    }

    /** Loss and accuracy against the epoch, training and validation, as two PNG files. */
    public static void writePlots(Path dir, String title, List<EpochResult> history) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        List<Double> epochs = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> valAcc = new ArrayList<>();
        for (EpochResult r : history) {
            epochs.add((double) r.epoch());
            trainLoss.add(r.trainLoss());
            valLoss.add(r.validationLoss());
            trainAcc.add(100 * r.trainAccuracy());
            valAcc.add(100 * r.validationAccuracy());
        }
        boolean validation = history.stream().allMatch(r -> Double.isFinite(r.validationLoss()));
        writePng(dir.resolve(LOSS_PLOT), curve(title + ": loss", "loss", epochs, trainLoss, validation ? valLoss : null,
                Styler.LegendPosition.InsideNE));
        writePng(dir.resolve(ACCURACY_PLOT), curve(title + ": accuracy", "accuracy (%)", epochs, trainAcc,
                validation ? valAcc : null, Styler.LegendPosition.InsideSE));
    }

    private static XYChart curve(String title, String yTitle, List<Double> x, List<Double> train, List<Double> val,
                                 Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setDecimalPattern("#0.###");
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.addSeries("training (running mean)", x, train);
        if (val != null) {
            chart.addSeries("validation", x, val);
        }
        return chart;
    }

    /** The confusion matrix as a heat map: rows true classes, columns predicted classes. */
    public static void writeConfusion(Path dir, String title, Evaluation test) throws IOException {
        writePng(dir.resolve(CONFUSION_PLOT), confusionChart(title, test));
    }

    static HeatMapChart confusionChart(String title, Evaluation test) {
        int k = test.confusion().length;
        List<String> names = test.classNames();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[]{p, k - 1 - t, test.confusion()[t][p]}); // first class at the top
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(760).height(640)
                .title(String.format(Locale.ROOT, "%s: test accuracy %.2f%%", title, 100 * test.accuracy()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setShowValue(true);
        // a sequential scale from white at 0 to dark blue at the largest count, so an empty cell looks empty and
        // a larger count is always darker; the darkest blue leaves the black count in it readable
        chart.getStyler().setRangeColors(CONFUSION_COLOURS);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.max(1, largest(test.confusion())));
        chart.getStyler().setHeatMapValueDecimalPattern("#0");                        // counts as integers
        chart.getStyler().setHeatMapDecimalValueFormatter(RunOutputs::count);
        chart.getStyler().setLegendVisible(false);   // every cell prints its count; the scale alone would read 983.0
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> topDown = new ArrayList<>(names);
        java.util.Collections.reverse(topDown);
        chart.addSeries("examples", names, topDown, cells);
        return chart;
    }

    /**
     * The confusion plot's colour scale, evenly spaced stops from 0 (white) to the largest count (dark blue). The
     * first step is the widest, so a count a tenth of the largest (a class confused 100 times beside a diagonal of
     * 1000) is a visible light blue rather than white.
     */
    static final java.awt.Color[] CONFUSION_COLOURS = {new java.awt.Color(0xFFFFFF), new java.awt.Color(0x9ECAE1),
            new java.awt.Color(0x6BAED6), new java.awt.Color(0x4292C6), new java.awt.Color(0x2171B5)};

    /** A count as the plot labels it: an integer, never {@code 981.0}. */
    static String count(double value) {
        return String.format(Locale.ROOT, "%d", Math.round(value));
    }

    private static long largest(long[][] confusion) {
        long max = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    private static void writePng(Path file, Chart<?, ?> chart) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.writeBytes(file, png);
    }
}
