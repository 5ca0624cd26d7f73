package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.testing.CliRun;

/**
 * Every line every command prints for a terminal, on every shipped spec, fits in 100 columns (code points);
 * train's and evaluate's on a tiny synthetic data set (specs whose shape does not fit it print their one-line
 * refusal, which must fit too).
 */
class WidthsTest {
    static final int COLUMNS = 100;

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        TrainCommandTest.writeBands(data, 120, 30);
    }

    static List<String> specs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("specs"))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".net")).sorted().toList();
        }
    }

    /** The lines of {@code run}'s output and errors wider than {@link #COLUMNS}, each with its width. */
    static List<String> tooWide(CliRun run) {
        List<String> wide = new ArrayList<>();
        for (String line : (run.out() + "\n" + run.err()).split("\n", -1)) {
            // columns: a combining mark (the hat of â_k, a + U+0302) sits on the letter before it
            int width = (int) line.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).count();
            if (width > COLUMNS) wide.add(width + ": " + line);
        }
        return wide;
    }

    private static void assertFits(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", args) + "\n" + run.err()).isIn(0, 1);
        assertThat(tooWide(run)).as(String.join(" ", args)).isEmpty();
    }

    @Test
    void everyCommandsHelpFits() {
        for (String command : new String[]{"check", "plan", "verify", "explain", "graph", "train", "evaluate", "bench"}) {
            assertFits(command, "--help");
        }
        assertFits("--help");
    }

    @Test
    void checkPlanExplainAndGraphFitOnEveryShippedSpec() throws IOException {
        for (String spec : specs()) {
            assertFits("check", spec);
            assertFits("plan", spec);
            assertFits("explain", spec);
            assertFits("explain", spec, "--trace");   // a batch for batch norm and dropout
            if (netgrad.plan.Compiler.load(Path.of(spec)).plan().parameterCount() <= 100_000) {
                assertFits("explain", spec, "--mistakes");   // minutes on the Fashion-MNIST networks: skipped there
            }
            // not here: explain --format markdown and graph print documents for other programs (a Markdown
            // table row and a DOT label are one line by their syntax), not text for a terminal
        }
    }

    @Test
    void trainAndEvaluateFitOnEveryShippedSpec() throws IOException {
        for (String spec : specs()) {
            Path out = tmp.resolve(Path.of(spec).getFileName().toString());
            CliRun train = CliRun.of("train", spec, "--data", data.toString(), "-e", "1", "-b", "30", "--threads", "1",
                    "--out", out.toString());
            assertThat(tooWide(train)).as("train " + spec).isEmpty();
            if (train.code() == 0) {
                assertFits("evaluate", spec, "--data", data.toString(), "--weights", out.resolve("weights.npz").toString());
            }
        }
    }

    @Test
    void verifyFitsOnEveryShippedSpec() throws IOException {
        for (String spec : specs()) {
            assertFits("verify", spec);
            assertFits("verify", spec, "--self-test");
        }
    }
}
