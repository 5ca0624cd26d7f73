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
import netgrad.backprop.BatchNorm;
import netgrad.backprop.ForwardPass;
import netgrad.cli.SpecFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.Examples;
import netgrad.tape.Node;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

import static org.assertj.core.api.Assertions.assertThat;
import netgrad.testing.CliRun;

/**
 * Every number {@code explain --trace} prints for a spec with batch norm or dropout is the engines' own, to the last
 * printed digit: the printed text is parsed and each number compared with the value backprop computes here, with
 * backprop/BatchNorm's forward run directly, and with the tape's (its gradients, and for μ, σ², s, x̂ and the full
 * form's ∇x̂, ∇σ², ∇μ the values and gradients of the tape's own nodes). So the text cannot drift from the code.
 */
class BatchTraceNumbersTest {
    /** Printed and true value may differ by half a unit in the last of the 4 significant digits. */
    static final double HALF_LAST_DIGIT = 0.5e-3;
    /** Slack for the decimal/binary round trip, and for the tape's last bits against backprop's. */
    static final double ROUND_TRIP = 1e-9;

    /** One printed matrix and the values it must show: backprop's and, where it has one, an independent oracle. */
    record Expected(String what, Matrix backprop, Matrix oracle) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"specs/batchnorm.net", "specs/dropout.net", "specs/bn-dropout.net"})
    void everyPrintedNumberIsTheEnginesRoundedToTheLastPrintedDigit(String spec) {
        Plan plan = SpecFiles.load(Path.of(spec), new PrintWriter(new StringWriter()));
        Parameters theta = Initializer.initialize(plan);
        Batch batch = Examples.seeded(plan, 7, 4);
        Backprop backprop = new Backprop(plan);
        ForwardPass f = backprop.forward(theta, batch);
        Gradients g = backprop.backward(f, theta, batch);
        Recording tape = Recorder.record(plan, theta, batch);
        int depth = plan.depth();

        List<Expected> expected = new ArrayList<>();
        expected.add(new Expected("x", batch.x(), tape.node("x").value()));
        expected.add(new Expected("y", batch.y(), tape.node("y").value()));
        for (int k = 1; k <= depth; k++) {
            expected.add(new Expected("W" + k, theta.W(k), null));
            expected.add(new Expected("b" + k, theta.b(k), null));
            if (k < depth && plan.batchNorm(k)) {
                expected.add(new Expected("gamma" + k, theta.gamma(k), null));
                expected.add(new Expected("beta" + k, theta.beta(k), null));
            }
        }
        for (int k = 1; k < depth; k++) {
            if (plan.dropout(k) > 0) {
                expected.add(new Expected("m" + k, batch.masks().mask(k), tape.node("m" + k).value()));
            }
        }
        for (int k = 1; k <= depth; k++) {
            expected.add(new Expected("a" + k, f.a(k), tape.node(Quantity.a(k).label()).value()));
            if (k == depth) {
                break;
            }
            for (Operation op : plan.layer(k).operations()) {
                switch (op.kind()) {
                    case BATCH_NORM -> {
                        Statistics s = statistics(tape, k);
                        int n = plan.units(k);
                        Matrix mean = new Matrix(n, 1);
                        Matrix variance = new Matrix(n, 1);
                        Matrix xhat = new Matrix(n, 4);
                        Matrix ahat = new Matrix(n, 4);
                        BatchNorm.forward(f.a(k), theta.gamma(k), theta.beta(k), Operation.eps(op), mean, variance, xhat, ahat);
                        assertThat(mean.data).as("μ of layer " + k).containsExactly(f.mean()[k].data);
                        expected.add(new Expected("μ" + k, f.mean()[k], s.mu().value()));
                        expected.add(new Expected("σ²" + k, variance, s.variance().value()));
                        expected.add(new Expected("s" + k, s.sd().value(), s.sd().value()));
                        expected.add(new Expected("x̂" + k, xhat, s.xhat().value()));
                        expected.add(new Expected("â" + k, ahat, tape.node(Quantity.ahat(k).label()).value()));
                    }
                    case ACTIVATION -> expected.add(new Expected("g" + k, plan.dropout(k) > 0 ? f.gOut()[k] : f.h(k),
                            plan.dropout(k) > 0 ? null : tape.node(Quantity.h(k).label()).value()));
                    case DROPOUT -> expected.add(new Expected("h" + k, f.h(k), tape.node(Quantity.h(k).label()).value()));
                }
            }
        }
        expected.add(new Expected("ŷ", f.yhat(), tape.node("ŷ").value()));
        expected.add(new Expected("L", Matrix.column(backprop.loss(f, theta, batch)), Matrix.column(tape.lossValue())));
        Gradients t = tape.gradients();
        expected.add(new Expected("∇a" + depth, g.a(depth), t.a(depth)));
        for (int k = depth; k >= 1; k--) {
            expected.add(new Expected("∇W" + k, g.W(k), t.W(k)));
            expected.add(new Expected("∇b" + k, g.b(k), plan.batchNorm(k) ? null : t.b(k)));   // rounding noise
            if (k == 1) {
                break;
            }
            int m = k - 1;
            expected.add(new Expected("∇h" + m, g.h(m), t.h(m)));
            List<Operation> ops = plan.layer(m).operations();
            for (int i = ops.size() - 1; i >= 0; i--) {
                switch (ops.get(i).kind()) {
                    case DROPOUT -> expected.add(new Expected("∇z" + m, f.gradZ()[m],
                            times(t.h(m), batch.masks().mask(m), 1 / (1 - plan.dropout(m)))));
                    case ACTIVATION -> {
                        Quantity into = plan.batchNorm(m) ? Quantity.ahat(m) : Quantity.a(m);
                        expected.add(new Expected("∇" + into, g.get(into), t.get(into)));
                    }
                    case BATCH_NORM -> {
                        Statistics s = statistics(tape, m);
                        expected.add(new Expected("∇γ" + m, g.gamma(m), t.gamma(m)));
                        expected.add(new Expected("∇β" + m, g.beta(m), t.beta(m)));
                        expected.add(new Expected("∇x̂" + m, s.xhat().grad(), s.xhat().grad()));
                        expected.add(new Expected("∇σ²" + m, s.variance().grad(), s.variance().grad()));
                        expected.add(new Expected("∇μ" + m, s.mu().grad(), s.mu().grad()));
                        expected.add(new Expected("∇a" + m, g.a(m), t.a(m)));
                    }
                }
            }
        }

        CliRun run = CliRun.of("explain", spec, "--trace", "--seed", "7");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("B = 4").doesNotContain("DISAGREE");
        List<String> valueLines = run.out().lines().filter(l -> l.startsWith("        [") || l.equals("        …")).toList();
        Iterator<String> lines = valueLines.iterator();
        int numbers = 0;
        for (Expected e : expected) {
            numbers += checkPrinted(e, lines);
        }
        assertThat(lines.hasNext()).as("value lines left over").isFalse();
        assertThat(numbers).isGreaterThan(4 * expected.size());
    }

    /** The tape's nodes of layer k's batch norm, found from â_k = x̂ ⊙ γ + β: x̂ = (a − μ) ⊘ s, s = √(σ² + ε). */
    record Statistics(Node mu, Node variance, Node sd, Node xhat) {}

    static Statistics statistics(Recording tape, int k) {
        Node ahat = tape.node(Quantity.ahat(k).label());
        Node xhat = find(ahat, "div");
        Node centred = xhat.inputs().get(0);
        Node sd = xhat.inputs().get(1);
        assertThat(centred.op()).isEqualTo("sub");
        assertThat(sd.op()).isEqualTo("sqrt");
        Node mu = centred.inputs().get(1);
        Node variance = find(sd, "meanRows");
        assertThat(mu.op()).isEqualTo("meanRows");
        return new Statistics(mu, variance, sd, xhat);
    }

    /** The first node of operation {@code op} above {@code from}, depth first. */
    private static Node find(Node from, String op) {
        for (Node input : from.inputs()) {
            if (input.op().equals(op)) {
                return input;
            }
            Node below = find(input, op);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    private static Matrix times(Matrix a, Matrix mask, double scale) {
        Matrix c = new Matrix(a.rows, a.cols);
        for (int i = 0; i < c.data.length; i++) {
            c.data[i] = a.data[i] * mask.data[i] * scale;
        }
        return c;
    }

    /** Reads e's printed lines and checks each number against backprop's and the oracle's value. */
    private static int checkPrinted(Expected e, Iterator<String> lines) {
        Matrix m = e.backprop();
        assertThat(lines.hasNext()).as("the lines of " + e.what()).isTrue();
        int checked = 0;
        if (m.cols == 1) {
            List<String> tokens = tokens(lines.next());
            for (int t = 0; t < tokens.size(); t++) {
                int i = index(tokens, t, m.rows);
                checked += check(e, tokens, t, i, 0);
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
                checked += check(e, tokens, t, row, index(tokens, t, m.cols));
            }
        }
        return checked;
    }

    private static int check(Expected e, List<String> tokens, int t, int i, int j) {
        if (tokens.get(t).equals("…")) {
            return 0;
        }
        double printed = Double.parseDouble(tokens.get(t));
        for (Matrix truth : new Matrix[] {e.backprop(), e.oracle()}) {
            if (truth == null) {
                continue;
            }
            double v = truth.get(i, j);
            if (v == 0 && truth == e.backprop()) {
                assertThat(printed).as("%s[%d,%d]", e.what(), i, j).isEqualTo(0.0);
            } else {
                double lastDigit = Math.pow(10, Math.floor(Math.log10(Math.max(Math.abs(v), Math.abs(printed)))));
                assertThat(Math.abs(printed - v)).as("%s[%d,%d]: printed %s for %s", e.what(), i, j, tokens.get(t), v)
                        .isLessThanOrEqualTo(HALF_LAST_DIGIT * lastDigit * (1 + ROUND_TRIP) + ROUND_TRIP * Math.abs(v));
            }
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
