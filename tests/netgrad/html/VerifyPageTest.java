package netgrad.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.problem.BatchMaker;
import netgrad.check.Engines;
import netgrad.check.Mutant;
import netgrad.check.QuantityCheck;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.cli.ExitCodes;
import netgrad.cli.SpecFiles;
import netgrad.explain.Derivations;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netgrad verify --html}: the report as a page, its verdict colours and its links into the derivation. */
class VerifyPageTest {
    static Plan lecture4() {
        return SpecFiles.load(Path.of("specs/lecture4.net"), new java.io.PrintWriter(new java.io.StringWriter()));
    }

    /** lecture4 with g instead of g′ planted in backprop: ∇a₂ is the first wrong step. */
    static VerifyReport plantedReport() {
        Plan plan = lecture4();
        Parameters theta = Initializer.initialize(plan);
        Batch batch = BatchMaker.make(plan, BatchMaker.DEFAULT_EXAMPLES, 1);
        return Engines.verify(Mutant.G_INSTEAD_OF_G_PRIME.plant(plan), theta, batch, Verifier.Options.defaults());
    }

    static String plantedPage() {
        VerifyReport report = plantedReport();
        return VerifyPage.render(report, Derivations.of(report.plan(), "specs/lecture4.net"), "a test");
    }

    static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /**
     * Also writes the page to the path in the system property {@code netgrad.planted.html}, when set: the source of
     * docs/lecture4-verify-planted.png.
     */
    @Test
    void theFirstWrongStepIsHighlightedAndLinkedToItsFormula() throws IOException {
        String out = System.getProperty("netgrad.planted.html");
        if (out != null) {
            VerifyReport r = plantedReport();
            Files.writeString(Path.of(out), VerifyPage.render(r, Derivations.of(r.plan(), "specs/lecture4.net"),
                    "VerifyPageTest: verify of lecture4 with g instead of g′ planted into backprop"), StandardCharsets.UTF_8);
        }
        VerifyReport report = plantedReport();
        String wrong = report.firstWrongStep().orElseThrow().step().quantity().label();
        assertThat(wrong).isEqualTo("a2");
        String page = plantedPage();
        assertThat(matches(page, "<tr id=\"check-([a-zA-Z0-9]+)\" class=\"first\"")).containsExactly(wrong);
        assertThat(page).contains("<tr id=\"step-a2\">");
        assertThat(page).containsPattern("First wrong step: <a href=\"#step-a2\">[^<]*∇a_2");
        assertThat(page).contains("the bug is in backprop");
    }

    @Test
    void everyStepLinksToAnAnchorOnThePageAndEveryAnchorIsUnique() {
        String page = plantedPage();
        List<String> ids = matches(page, " id=\"([^\"]+)\"");
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        List<String> links = matches(page, "href=\"#([^\"]+)\"");
        assertThat(links).hasSizeGreaterThan(plantedReport().checks().size());
        assertThat(ids).containsAll(links);
        for (QuantityCheck c : plantedReport().checks()) {
            assertThat(links).contains(Html.stepId(c.step().quantity()));
        }
    }

    @Test
    void verdictsHaveTheirColoursAndEachVerdictItsOwn() {
        String page = plantedPage();
        VerifyReport report = plantedReport();
        long disagree = report.checks().stream().filter(c -> !c.agrees()).count();
        assertThat(matches(page, "<span class=\"verdict (v-disagree)\">")).hasSize((int) disagree);
        assertThat(matches(page, "<span class=\"verdict (v-agree)\">")).hasSize(report.checks().size() - (int) disagree
                + (report.lossAgrees() ? 1 : 0));
        Set<String> classes = new HashSet<>();
        for (QuantityCheck.Verdict v : EnumSet.allOf(QuantityCheck.Verdict.class)) {
            classes.add(VerifyPage.style(v).cssClass());
            assertThat(Html.STYLE).contains("." + VerifyPage.style(v).cssClass() + " {");
        }
        assertThat(classes).hasSize(QuantityCheck.Verdict.values().length);
    }

    @Test
    void theCommandWritesThePageBesideTheTextReport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.html");
        CliRun run = CliRun.of("verify", "specs/xor.net", "--html", file.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("all ").endsWith("wrote " + file + System.lineSeparator());
        String page = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("callout ok").doesNotContain("class=\"first\"");
        assertThat(page).contains("Content-Security-Policy\" content=\"default-src 'none';");
    }

    @Test
    void everyShippedSpecGetsAPage(@TempDir Path dir) throws IOException {
        try (var specs = Files.list(Path.of("specs"))) {
            for (Path spec : specs.filter(p -> p.toString().endsWith(".net")).sorted().toList()) {
                Path file = dir.resolve(spec.getFileName() + ".html");
                CliRun run = CliRun.of("verify", spec.toString(), "--html", file.toString());
                assertThat(run.code()).as(spec + ": " + run.err()).isIn(ExitCodes.OK, ExitCodes.FAILED);
                assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(spec.toString()).contains("</html>");
            }
        }
    }

    @Test
    void htmlDoesNotGoWithTheTables() {
        CliRun run = CliRun.of("verify", "specs/xor.net", "--self-test", "--html", "x.html");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot be combined with --json, --dump or --html");
        assertThat(Path.of("x.html")).doesNotExist();
    }
}
