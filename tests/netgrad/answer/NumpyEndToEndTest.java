package netgrad.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netgrad.check.Mutant;
import netgrad.cli.SpecFiles;
import netgrad.plan.Plan;
import netgrad.problem.Layout;
import netgrad.testing.CliRun;

/**
 * The student's workflow of docs/check-your-backprop.md end to end: {@code netgrad problem} → the shipped NumPy
 * implementation (examples/numpy/backprop.py) → {@code netgrad verify --problem --gradients}. Correct in both
 * layouts, and with each mistake of the catalogue planted by the example's --mistake flag (in the rows layout, the
 * mistakes whose code touches the layout): on lecture 4's network, on the same network with batch norm and dropout
 * (all 20 mistakes) and on the shipped batch-norm and dropout specs. Skipped (with a message) when /usr/bin/python3
 * with numpy is absent; .ci/run installs Debian's python3-numpy so CI runs it.
 */
class NumpyEndToEndTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String SCRIPT = "examples/numpy/backprop.py";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A spec and the flags that tell the NumPy example its g, O, loss and λ (the rest it reads from the problem). */
    record Net(Path spec, Plan plan, List<String> flags) {
        Path problem(Layout layout) {
            return dir.resolve("problem-" + plan.name() + "-" + layout.keyword() + ".npz");
        }
    }

    @TempDir
    static Path dir;
    static Net lecture;
    static Net bn;

    @BeforeAll
    static void needsNumpy() throws Exception {
        boolean numpy = Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import numpy")) == 0;
        assumeTrue(numpy, "skipped: /usr/bin/python3 with numpy is absent (apt-get install python3-numpy)");
        lecture = net(written("everything.net", YourGradientsTest.EVERYTHING), "logistic,tanh", "squared_error", "0.05");
        bn = net(written("everything-bn.net", YourGradientsTest.EVERYTHING_BN), "logistic,tanh", "squared_error", "0.05");
    }

    private static Path written(String name, String text) throws IOException {
        Path spec = dir.resolve(name);
        Files.writeString(spec, text);
        return spec;
    }

    /** The net of {@code spec} with a problem in each layout. */
    static Net net(Path spec, String hidden, String loss, String decay) {
        Plan plan = SpecFiles.load(spec, new PrintWriter(new StringWriter()));
        Net net = new Net(spec, plan, List.of("--hidden", hidden, "--output", "softmax", "--loss", loss, "--decay", decay));
        for (Layout layout : Layout.values()) {
            CliRun r = CliRun.of("problem", spec.toString(), "-o", net.problem(layout).toString(), "--layout",
                    layout.keyword());
            assertThat(r.code()).as(r.err()).isZero();
        }
        return net;
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

    static CliRun solve(Net net, Layout layout, Mutant mistake) throws Exception {
        Path mine = dir.resolve("mine-" + net.plan().name() + "-" + layout.keyword()
                + (mistake == null ? "" : "-" + mistake.id()) + ".npz");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT, net.problem(layout).toString(),
                mine.toString()));
        command.addAll(net.flags());
        if (mistake != null) {
            command.addAll(List.of("--mistake", mistake.id()));
        }
        assertThat(run(command)).as(String.join(" ", command)).isZero();
        return CliRun.of("verify", net.spec().toString(), "--problem", net.problem(layout).toString(), "--gradients",
                mine.toString(), "--json");
    }

    static void agrees(Net net) throws Exception {
        for (Layout layout : Layout.values()) {
            CliRun r = solve(net, layout, null);
            assertThat(r.code()).as(net.plan().name() + " " + layout + r.err() + r.out()).isZero();
            assertThat(JSON.readTree(r.out()).get("yours").get("agree").asBoolean()).isTrue();
        }
    }

    static void named(Net net, Layout layout, List<Mutant> mistakes) throws Exception {
        for (Mutant m : mistakes) {
            String what = m.id() + " on " + net.plan().name() + " " + layout;
            assertThat(m.notApplicable(net.plan(), 4)).as(what).isNull();
            CliRun r = solve(net, layout, m);
            assertThat(r.code()).as(what + r.err()).isEqualTo(1);
            JsonNode yours = JSON.readTree(r.out()).get("yours");
            // NumPy sums the loss too, so sum-not-mean shows first in the loss
            String expected = m == Mutant.SUM_NOT_MEAN ? "loss" : "d" + m.expectedStep(net.plan()).label();
            assertThat(yours.get("first_wrong_step").asText()).as(what).isEqualTo(expected);
            assertThat(yours.get("diagnosis").get("mistake").asText()).as(what).isEqualTo(m.id());
        }
    }

    /** The mistakes whose NumPy code depends on the layout (transposes, sums over an axis, 1-D vectors, masks). */
    static final List<Mutant> LAYOUT_TOUCHING = List.of(Mutant.NO_TRANSPOSE, Mutant.WRONG_LAYER_GPRIME,
            Mutant.BIAS_NOT_SUMMED, Mutant.MEAN_TWICE, Mutant.DECAY_ON_BIASES);

    static final List<Mutant> BATCH_NORM_AND_DROPOUT = List.of(Mutant.BATCHNORM_STATS_AS_CONSTANTS,
            Mutant.BATCHNORM_VARIANCE_UNBIASED, Mutant.DROPOUT_MASK_FORGOTTEN, Mutant.DROPOUT_SCALE_FORGOTTEN);

    @Test
    void theCorrectNumpyImplementationAgreesInBothLayouts() throws Exception {
        agrees(lecture);
        agrees(bn);
    }

    @Test
    void eachMistakePlantedInNumpyIsNamed() throws Exception {
        named(lecture, Layout.LECTURE, Arrays.stream(Mutant.values()).filter(m -> m.concerns(lecture.plan())).toList());
        named(lecture, Layout.ROWS, LAYOUT_TOUCHING);
    }

    @Test
    void eachOfThe20MistakesIsNamedOnANetworkWithBatchNormAndDropout() throws Exception {
        named(bn, Layout.LECTURE, List.of(Mutant.values()));
        List<Mutant> rows = new ArrayList<>(LAYOUT_TOUCHING);
        rows.addAll(BATCH_NORM_AND_DROPOUT);
        named(bn, Layout.ROWS, rows);
    }

    /** Each shipped spec with batch norm or dropout: the NumPy code agrees, and its bn/dropout mistakes are named. */
    @ParameterizedTest
    @ValueSource(strings = {"batchnorm.net:tanh,relu:0", "dropout.net:logistic,tanh:0",
            "bn-dropout.net:tanh,logistic:0.01"})
    void theShippedBatchNormAndDropoutSpecsRunThroughNumpy(String spec) throws Exception {
        String[] parts = spec.split(":");
        Net net = net(Path.of("specs", parts[0]), parts[1], "cross_entropy", parts[2]);
        agrees(net);
        List<Mutant> own = BATCH_NORM_AND_DROPOUT.stream().filter(m -> m.concerns(net.plan())).toList();
        assertThat(own).isNotEmpty();
        for (Layout layout : Layout.values()) {
            named(net, layout, own);
        }
    }
}
