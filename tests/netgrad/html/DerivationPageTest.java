package netgrad.html;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.check.Step;
import netgrad.cli.SpecFiles;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netgrad explain --format html}: the page against a golden file (regenerate with
 * {@code mvn -o test -Dtest='netgrad.html.**' -Dnetgrad.regenerate=true} and review the diff), its anchors, and
 * that every shipped spec renders.
 */
class DerivationPageTest {
    static final boolean REGENERATE = Boolean.getBoolean("netgrad.regenerate");
    static final Path GOLDEN = Path.of("tests/netgrad/html/lecture4.html");
    static final Path BATCHNORM_GOLDEN = Path.of("tests/netgrad/html/batchnorm.html");

    static String page(String spec, String... extra) {
        String[] args = new String[4 + extra.length];
        System.arraycopy(new String[] {"explain", spec, "--format", "html"}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun run = CliRun.of(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        return run.out();
    }

    @Test
    void lecture4MatchesTheGoldenPage() throws IOException {
        String actual = page("specs/lecture4.net");
        if (REGENERATE) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void batchnormMatchesTheGoldenPage() throws IOException {
        String actual = page("specs/batchnorm.net");
        if (REGENERATE) {
            Files.writeString(BATCHNORM_GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(BATCHNORM_GOLDEN, StandardCharsets.UTF_8));
    }

    /** With batch norm and dropout too: ∇â_k, ∇γ_k, ∇β_k have their anchors, so verify's page links every step. */
    @Test
    void everyVerifyStepOfBatchNormAndDropoutHasItsAnchorOnce() {
        for (String spec : List.of("specs/bn-dropout.net", "specs/batchnorm.net", "specs/dropout.net")) {
            Plan plan = SpecFiles.load(Path.of(spec), new PrintWriter(new StringWriter()));
            for (String[] extra : new String[][] {{}, {"--trace"}}) {
                String page = page(spec, extra);
                List<String> ids = VerifyPageTest.matches(page, " id=\"([^\"]+)\"");
                assertThat(new HashSet<>(ids)).as(spec).hasSameSizeAs(ids);
                for (Step s : Step.backwardOrder(plan)) {
                    assertThat(ids).as(spec + " " + String.join(" ", extra)).contains(Html.stepId(s.quantity()));
                }
            }
        }
        assertThat(DerivationPage.quantity("\\nabla_{\\hat{a}_2}\\mathcal{L} = x")).isEqualTo(netgrad.plan.Quantity.ahat(2));
        assertThat(DerivationPage.quantity("\\nabla_{\\gamma_{12}}\\mathcal{L} = x")).isEqualTo(netgrad.plan.Quantity.gamma(12));
        assertThat(DerivationPage.quantity("\\nabla_{z_2}\\mathcal{L} = x")).isNull();
        assertThat(DerivationPage.quantity("\\nabla_{\\sigma^2_2}\\mathcal{L} = x")).isNull();
    }

    @Test
    void theFileWrittenWithDashOIsThePage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lecture4.html");
        CliRun run = CliRun.of("explain", "specs/lecture4.net", "--format", "html", "-o", file.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(page("specs/lecture4.net"));
    }

    /** Verify's steps, in verify's spelling, are the ids of the backward pass: the verify page links to them. */
    @Test
    void everyVerifyStepHasItsAnchorOnce() {
        Plan plan = SpecFiles.load(Path.of("specs/lecture4.net"), new PrintWriter(new StringWriter()));
        String page = page("specs/lecture4.net");
        List<String> ids = VerifyPageTest.matches(page, " id=\"([^\"]+)\"");
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        for (Step s : Step.backwardOrder(plan)) {
            assertThat(ids).contains(Html.stepId(s.quantity()));
        }
        assertThat(page).contains("<tr id=\"step-W3\"><td class=\"f\"><math displaystyle=\"true\"><mrow><msub><mrow>"
                + "<mo>∇</mo></mrow><mrow><msub><mrow><mi>W</mi></mrow><mrow><mn>3</mn></mrow></msub></mrow></msub>");
        assertThat(VerifyPageTest.matches(page, "href=\"#([^\"]+)\"")).isSubsetOf(ids);
    }

    @Test
    void theQuantityOfAFormulaIsReadAsVerifyNamesIt() {
        assertThat(DerivationPage.quantity("\\nabla_{W_3}\\mathcal{L} = \\nabla_{a_3}\\mathcal{L} \\cdot h_2^\\top")).isEqualTo(netgrad.plan.Quantity.W(3));
        assertThat(DerivationPage.quantity("\\nabla_{a_{12}}\\mathcal{L} = x")).isEqualTo(netgrad.plan.Quantity.a(12));
        assertThat(DerivationPage.quantity("\\nabla_{W_k}\\mathcal{L} = x")).isNull();
        // the one-example derivation's gradients are of ℓ
        assertThat(DerivationPage.quantity("\\nabla_{b_2}\\ell = \\nabla_{a_2}\\ell")).isEqualTo(netgrad.plan.Quantity.b(2));
        assertThat(DerivationPage.quantity("\\nabla_{W_k}\\ell = x")).isNull();
        assertThat(DerivationPage.quantity("a_1 = b_1 + W_1 h_0")).isNull();
    }

    @Test
    void thePageForbidsEveryRequestAndHasNoUrlButFragments() {
        for (String spec : List.of("specs/lecture4.net", "specs/deep.net")) {
            String page = page(spec);
            assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    + "style-src 'unsafe-inline'; img-src data:\">");
            assertThat(VerifyPageTest.matches(page, "(?:href|src|xlink:href)=\"([^\"#][^\"]*)\"")).isEmpty();
            assertThat(page).doesNotContain("<script").doesNotContain("<link").doesNotContain("@import")
                    .doesNotContain("http://").doesNotContain("https://");
            assertThat(page).contains("<figure id=\"layers\">\n<svg ");
        }
    }

    @Test
    void withTraceTheNumbersStandBesideTheFormulas() {
        String page = page("specs/lecture4.net", "--trace");
        assertThat(page).contains("<th>numbers</th>").contains("<pre class=\"numbers\">");
        assertThat(page).contains("<tr id=\"step-W1\">");
    }

    /**
     * Every shipped spec in every form; --mistakes (each planted mistake run through the three-way check) only on the
     * specs of at most 100,000 parameters: on the Fashion-MNIST networks the finite differences of every planted
     * check take minutes (the batch-norm one recomputes the batch statistics for every entry), and --mistakes is
     * rendered on the other specs, batch norm and dropout included.
     */
    @Test
    void everyShippedSpecRendersWithEveryFlag() throws IOException {
        try (var specs = Files.list(Path.of("specs"))) {
            for (Path spec : specs.filter(p -> p.toString().endsWith(".net")).sorted().toList()) {
                Plan plan = SpecFiles.load(spec, new PrintWriter(new StringWriter()));
                boolean small = plan.parameterCount() <= 100_000;
                for (String[] extra : small ? new String[][] {{}, {"--trace"}, {"--mistakes"}}
                        : new String[][] {{}, {"--trace"}}) {
                    assertThat(page(spec.toString(), extra)).as(spec.toString()).endsWith("</html>\n");
                }
            }
        }
    }
}
