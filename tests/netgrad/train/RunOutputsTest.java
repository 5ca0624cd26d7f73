package netgrad.train;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;

import static org.assertj.core.api.Assertions.assertThat;

/** The files a training run leaves: curves.csv as text lines, the confusion plot's scale and labels. */
class RunOutputsTest {
    @TempDir
    Path dir;

    static final List<String> NAMES = List.of("a", "b", "c");
    static final long[][] CONFUSION = {{981, 0, 133}, {0, 490, 2}, {7, 0, 950}};

    @Test
    void curvesCsvIsOneLinePerEpochEachEndingInANewline() throws IOException {
        RunOutputs.writeCurves(dir, List.of(new EpochResult(1, 0.5, 0.8, 0.6, 0.75, 1.25, 100),
                new EpochResult(2, 0.4, 0.85, 0.55, 0.8, 1.5, 100)));
        String csv = Files.readString(dir.resolve(RunOutputs.CURVES), StandardCharsets.UTF_8);
        assertThat(csv).endsWith("\n").doesNotContain("\r");
        assertThat(csv.split("\n", -1)).hasSize(4);   // header, two epochs, and the empty rest after the last newline
        assertThat(csv.split("\n")[2]).startsWith("2,");
    }

    @Test
    void theConfusionScaleRunsFromWhiteAtZeroToDarkAtTheLargestCount() {
        HeatMapChart chart = RunOutputs.confusionChart("t", new Evaluation(0.1, CONFUSION, NAMES));
        Color[] colours = chart.getStyler().getRangeColors();
        assertThat(colours[0]).isEqualTo(Color.WHITE);
        for (int i = 1; i < colours.length; i++) {
            assertThat(luminance(colours[i])).as("stop " + i + " darker than the one before")
                    .isLessThan(luminance(colours[i - 1]));
        }
        assertThat(luminance(colours[colours.length - 1])).isLessThan(0.5);
        assertThat(chart.getStyler().getMin()).isEqualTo(0.0);
        assertThat(chart.getStyler().getMax()).isEqualTo(981.0);
    }

    @Test
    void countsAreLabelledAsIntegers() {
        HeatMapChart chart = RunOutputs.confusionChart("t", new Evaluation(0.1, CONFUSION, NAMES));
        assertThat(new DecimalFormat(chart.getStyler().getHeatMapValueDecimalPattern()).format(981.0)).isEqualTo("981");
        assertThat(chart.getStyler().getHeatMapDecimalValueFormatter().apply(981.0)).isEqualTo("981");
        assertThat(chart.getStyler().isLegendVisible()).isFalse();
    }

    @Test
    void theWrittenPlotShowsTheLargestCountDarkAndNoOrange() throws IOException {
        RunOutputs.writeConfusion(dir, "t", new Evaluation(0.1, CONFUSION, NAMES));
        BufferedImage png = ImageIO.read(dir.resolve(RunOutputs.CONFUSION_PLOT).toFile());
        Color[] colours = RunOutputs.CONFUSION_COLOURS;
        int darkest = colours[colours.length - 1].getRGB() & 0xFFFFFF;
        long dark = 0;
        long orange = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int rgb = png.getRGB(x, y) & 0xFFFFFF;
                dark += rgb == darkest ? 1 : 0;
                Color c = new Color(rgb);
                orange += c.getRed() > 200 && c.getGreen() < 200 && c.getBlue() < 80 ? 1 : 0;
            }
        }
        assertThat(dark).as("pixels of the largest count's colour").isGreaterThan(1000);
        assertThat(orange).as("pixels of XChart's default orange scale").isZero();
    }

    private static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }
}
