package netgrad.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.check.Mutant;
import netgrad.plan.Plan;
import netgrad.problem.Layout;
import netgrad.testing.CliRun;

/**
 * The student's workflow of docs/check-your-backprop.md end to end: {@code netgrad problem} → the shipped NumPy
 * implementation (examples/numpy/backprop.py) → {@code netgrad verify --problem --gradients}. Correct in both
 * layouts, and with each mistake of the catalogue planted by the example's --mistake flag (in the rows layout, the
 * mistakes whose code touches the layout). Skipped (with a message)
 * when /usr/bin/python3 with numpy is absent; .ci/run installs Debian's python3-numpy so CI runs it.
 */
class NumpyEndToEndTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String SCRIPT = "examples/numpy/backprop.py";
    static final String[] NETWORK = {"--hidden", "logistic,tanh", "--output", "softmax", "--loss", "squared_error",
            "--decay", "0.05"};

    @TempDir
    static Path dir;
    static Path spec;

    @BeforeAll
    static void needsNumpy() throws Exception {
        boolean numpy = Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import numpy")) == 0;
        assumeTrue(numpy, "skipped: /usr/bin/python3 with numpy is absent (apt-get install python3-numpy)");
        spec = dir.resolve("everything.net");
        Files.writeString(spec, YourGradientsTest.EVERYTHING);
        for (Layout layout : Layout.values()) {
            assertThat(CliRun.of("problem", spec.toString(), "-o", problem(layout).toString(), "--layout",
                    layout.keyword()).code()).isZero();
        }
    }

    static Path problem(Layout layout) {
        return dir.resolve("problem-" + layout.keyword() + ".npz");
    }

    static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        if (code != 0 && !command.contains("import numpy")) {
            System.err.println(out);
        }
        return code;
    }

    static CliRun solve(Layout layout, Mutant mistake) throws Exception {
        Path mine = dir.resolve("mine-" + layout.keyword() + (mistake == null ? "" : "-" + mistake.id()) + ".npz");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT, problem(layout).toString(), mine.toString()));
        command.addAll(List.of(NETWORK));
        if (mistake != null) {
            command.addAll(List.of("--mistake", mistake.id()));
        }
        assertThat(run(command)).as(String.join(" ", command)).isZero();
        return CliRun.of("verify", spec.toString(), "--problem", problem(layout).toString(), "--gradients", mine.toString(),
                "--json");
    }

    @Test
    void theCorrectNumpyImplementationAgreesInBothLayouts() throws Exception {
        for (Layout layout : Layout.values()) {
            CliRun r = solve(layout, null);
            assertThat(r.code()).as(layout + r.err() + r.out()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).get("yours").get("agree").asBoolean()).isTrue();
        }
    }

    @Test
    void eachMistakePlantedInNumpyIsNamed() throws Exception {
        Plan plan = YourGradientsTest.plan != null ? YourGradientsTest.plan
                : netgrad.cli.SpecFiles.load(spec, new java.io.PrintWriter(new java.io.StringWriter()));
        for (Layout layout : Layout.values()) {
            List<Mutant> mistakes = layout == Layout.LECTURE   // all the plan has; the rows layout: those it touches
                    ? java.util.Arrays.stream(Mutant.values()).filter(m -> m.concerns(plan)).toList()
                    : List.of(Mutant.NO_TRANSPOSE, Mutant.WRONG_LAYER_GPRIME, Mutant.BIAS_NOT_SUMMED, Mutant.MEAN_TWICE,
                    Mutant.DECAY_ON_BIASES);
            for (Mutant m : mistakes) {
                CliRun r = solve(layout, m);
                assertThat(r.code()).as(m.id() + " " + layout + r.err()).isEqualTo(1);
                JsonNode yours = new ObjectMapper().readTree(r.out()).get("yours");
                String expected = m == Mutant.SUM_NOT_MEAN ? "loss" : "d" + m.expectedStep(plan).label();   // NumPy sums the loss too
                assertThat(yours.get("first_wrong_step").asText()).as(m.id() + " " + layout).isEqualTo(expected);
                assertThat(yours.get("diagnosis").get("mistake").asText()).as(m.id() + " " + layout).isEqualTo(m.id());
            }
        }
    }
}
