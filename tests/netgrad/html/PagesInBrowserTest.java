package netgrad.html;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages as a browser shows them (headless Chromium; skipped with a message when it is absent): the math is laid
 * out as math, nothing is fetched, and the page fits a 1280-pixel screen. One browser run per page; a page with
 * planted faults shows that each check can fail.
 */
class PagesInBrowserTest {
    static final String LECTURE4 = "specs/lecture4.net";

    static String explainPage(Path dir, String... extra) throws IOException {
        return specPage(dir, LECTURE4, extra);
    }

    static String specPage(Path dir, String spec, String... extra) throws IOException {
        Path file = dir.resolve("page.html");
        String[] args = new String[4 + extra.length + 2];
        args[0] = "explain";
        args[1] = spec;
        args[2] = "--format";
        args[3] = "html";
        System.arraycopy(extra, 0, args, 4, extra.length);
        args[args.length - 2] = "-o";
        args[args.length - 1] = file.toString();
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(run.err()).isZero();
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static void assertLaidOutOffline(Browser.Measurement m, int minMaths) {
        assertThat(m.number("maths")).as("math elements").isGreaterThanOrEqualTo(minMaths);
        assertThat(m.number("zero-maths")).as("math elements without a size").isZero();
        assertThat(m.number("bad-fractions")).as("fractions not laid out as fractions").isZero();
        assertThat(m.number("subscripts")).as("subscripts").isPositive();
        assertThat(m.number("bad-subscripts")).as("subscripts not laid out as subscripts").isZero();
        assertThat(m.text("violations")).as("requests the page tried").isEmpty();
        assertThat(m.text("resources")).as("resources the page loaded").isEmpty();
        assertThat(m.text("urls")).as("attributes with a URL").isEmpty();
        assertThat(m.number("width")).as("page width").isPositive().isLessThanOrEqualTo(Browser.SCREEN_WIDTH);
    }

    /** Also: a screenshot is not blank where the first formula is (dark pixels, glyphs, inside its box). */
    @Test
    void lecture4sDerivationIsLaidOutAsMathOfflineWithinAScreensWidth(@TempDir Path dir) throws Exception {
        Browser.chromium();
        Browser.Measurement m = Browser.measure(explainPage(dir));
        assertLaidOutOffline(m, 100);
        assertThat(m.number("fractions")).as("fractions (∂ℓ/∂a, 1/B)").isGreaterThan(5);

        String[] box = m.text("first-math").split(",");
        int left = Integer.parseInt(box[0]);
        int top = Integer.parseInt(box[1]);
        int width = Integer.parseInt(box[2]);
        int height = Integer.parseInt(box[3]);
        Path png = dir.resolve("shot.png");
        Browser.screenshot(dir.resolve("page.html"), png, Browser.SCREEN_WIDTH, top + height + 100);
        BufferedImage image = ImageIO.read(png.toFile());
        int dark = 0;
        for (int y = top; y < top + height && y < image.getHeight(); y++) {
            for (int x = left; x < left + width && x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int luma = ((rgb >> 16 & 0xff) * 299 + (rgb >> 8 & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
                dark += luma < 100 ? 1 : 0;
            }
        }
        assertThat(width * height).as("the first formula's box").isPositive();
        assertThat(dark).as("dark pixels in the first formula's box " + String.join(",", box)).isGreaterThan(20);
    }

    @Test
    void theWorkedExamplePageToo(@TempDir Path dir) throws Exception {
        Browser.chromium();
        Browser.Measurement m = Browser.measure(explainPage(dir, "--trace"));
        assertLaidOutOffline(m, 40);
    }

    /** Batch norm's derivation (√, σ², x̂, the closed form's long formulas) and its batch trace, with dropout. */
    @Test
    void batchNormAndDropoutPagesToo(@TempDir Path dir) throws Exception {
        Browser.chromium();
        Browser.Measurement derivation = Browser.measure(specPage(dir, "specs/bn-dropout.net"));
        assertLaidOutOffline(derivation, 150);
        assertThat(derivation.number("fractions")).as("fractions (∂μ/∂a, γ/(Bs))").isGreaterThan(15);
        assertLaidOutOffline(Browser.measure(specPage(dir, "specs/bn-dropout.net", "--trace")), 60);
    }

    @Test
    void theVerifyReportOfAPlantedBugToo(@TempDir Path dir) throws Exception {
        Browser.chromium();
        Browser.Measurement m = Browser.measure(VerifyPageTest.plantedPage());
        assertLaidOutOffline(m, 20);
    }

    @Test
    void theDeepNetworksPageFitsTheScreenToo(@TempDir Path dir) throws Exception {
        Browser.chromium();
        Path file = dir.resolve("deep.html");
        assertThat(CliRun.of("explain", "specs/deep.net", "--format", "html", "-o", file.toString()).code()).isZero();
        assertLaidOutOffline(Browser.measure(Files.readString(file, StandardCharsets.UTF_8)), 100);
    }

    /** The checks above catch what they look for: a fetch, a URL, an empty formula, plain-text math, a wide page. */
    @Test
    void theChecksCatchPlantedFaults(@TempDir Path dir) throws Exception {
        Browser.chromium();
        String planted = explainPage(dir).replace("</body>", "<img src=\"http://127.0.0.1:9/x.png\" alt=\"\">"
                + "<div style=\"width:2000px\">wide</div><math></math>"
                + "<p><mfrac><mi>not</mi><mi>math</mi></mfrac></p></body>");
        Browser.Measurement m = Browser.measure(planted);
        assertThat(m.text("violations")).contains("http://127.0.0.1:9/x.png");
        assertThat(m.text("urls")).contains("src=http://127.0.0.1:9/x.png");
        assertThat(m.number("zero-maths")).isEqualTo(1);
        assertThat(m.number("bad-fractions")).isEqualTo(1);
        assertThat(m.number("width")).isGreaterThan(Browser.SCREEN_WIDTH);
    }
}
