package netgrad.explain;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.cli.SpecFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.problem.Examples;

import static org.assertj.core.api.Assertions.assertThat;
import netgrad.testing.CliRun;

/**
 * Every number {@code explain --trace} prints is backprop's, to the last printed digit: the printed text is
 * parsed and each number compared with the value Backprop computes here, directly, for the same example.
 */
class TraceNumbersTest {
    /** Printed and true value may differ by half a unit in the last of the 4 significant digits. */
    static final double HALF_LAST_DIGIT = 0.5e-3;
    /** Slack for the decimal/binary round trip of the printed value. */
    static final double ROUND_TRIP = 1e-9;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"specs/lecture4.net", "specs/fashion-mlp.net", "specs/regression.net",
            "specs/leaky-softplus.net"})
    void everyPrintedNumberIsBackpropsRoundedToTheLastPrintedDigit(String spec) {
        Plan plan = SpecFiles.load(Path.of(spec), new PrintWriter(new StringWriter()));
        Parameters theta = Initializer.initialize(plan);
        Batch example = Examples.seeded(plan, 7);
        Backprop backprop = new Backprop(plan);
        ForwardPass f = backprop.forward(theta, example.x());
        Gradients g = backprop.backward(f, theta, example);

        List<Matrix> expected = new ArrayList<>(List.of(example.x(), example.y()));
        for (int k = 1; k <= plan.depth(); k++) {
            expected.add(theta.W(k));
            expected.add(theta.b(k));
        }
        for (int k = 1; k <= plan.depth(); k++) {
            expected.add(f.a(k));
            if (k < plan.depth()) {
                expected.add(f.h(k));
            }
        }
        expected.add(f.yhat());
        expected.add(Matrix.column(backprop.loss(f, theta, example)));
        expected.add(g.a(plan.depth()));
        for (int k = plan.depth(); k >= 1; k--) {
            expected.add(g.W(k));
            expected.add(g.b(k));
            if (k > 1) {
                expected.add(g.h(k - 1));
                expected.add(g.a(k - 1));
            }
        }

        CliRun run = CliRun.of("explain", spec, "--trace", "--seed", "7");
        assertThat(run.code()).isZero();
        List<String> valueLines = run.out().lines().filter(l -> l.startsWith("        [") || l.equals("        …")).toList();
        Iterator<String> lines = valueLines.iterator();
        int numbers = 0;
        for (Matrix m : expected) {
            numbers += checkPrinted(m, lines);
        }
        assertThat(lines.hasNext()).as("value lines left over").isFalse();
        assertThat(numbers).isGreaterThan(expected.size());
    }

    /** Reads m's printed lines and checks each number; returns how many numbers were checked. */
    private static int checkPrinted(Matrix m, Iterator<String> lines) {
        int checked = 0;
        if (m.cols == 1) {
            List<String> tokens = tokens(lines.next());
            for (int t = 0; t < tokens.size(); t++) {
                checked += check(tokens, t, m.rows, i -> m.get(i, 0));
            }
            return checked;
        }
        List<String> rows = new ArrayList<>();
        int shownRows = m.rows <= Numbers.MAX_FULL ? m.rows : Numbers.PREVIEW_HEAD + 2;
        for (int r = 0; r < shownRows; r++) {
            rows.add(lines.next().trim());
        }
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).equals("…")) {
                continue;
            }
            int row = index(rows, r, m.rows);
            List<String> tokens = tokens(rows.get(r));
            for (int t = 0; t < tokens.size(); t++) {
                checked += check(tokens, t, m.cols, j -> m.get(row, j));
            }
        }
        return checked;
    }

    private static int check(List<String> tokens, int t, int n, java.util.function.IntToDoubleFunction entry) {
        if (tokens.get(t).equals("…")) {
            return 0;
        }
        double truth = entry.applyAsDouble(index(tokens, t, n));
        double printed = Double.parseDouble(tokens.get(t));
        if (truth == 0) {
            assertThat(printed).isZero();
        } else {
            double lastDigit = Math.pow(10, Math.floor(Math.log10(Math.abs(truth))));
            assertThat(Math.abs(printed - truth)).as("printed %s for %s", tokens.get(t), truth)
                    .isLessThanOrEqualTo(HALF_LAST_DIGIT * lastDigit * (1 + ROUND_TRIP));
        }
        return 1;
    }

    /** Which entry the t-th printed item is: items after an ellipsis count from the end. */
    private static int index(List<String> items, int t, int n) {
        int ellipsis = items.indexOf("…");
        return ellipsis < 0 || t < ellipsis ? t : n - (items.size() - t);
    }

    private static List<String> tokens(String line) {
        String body = line.trim();
        assertThat(body).startsWith("[").endsWith("]");
        return List.of(body.substring(1, body.length() - 1).split(", "));
    }
}
