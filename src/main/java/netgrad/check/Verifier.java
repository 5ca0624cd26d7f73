package netgrad.check;

import java.util.EnumMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Random;

import netgrad.check.QuantityCheck.Entry;
import netgrad.check.QuantityCheck.PairResult;
import netgrad.check.QuantityCheck.Verdict;
import netgrad.check.Tolerances.Pair;
import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The three-way check: for every step of back_propagation (in its order, see {@link Step#backwardOrder}) compare
 * the gradient from hand-derived backprop, from the autodiff tape and from central finite differences, pair by
 * pair, entry by entry.
 */
public final class Verifier {
    /**
     * How to check.
     *
     * @param tolerances step, tolerances and floor
     * @param mode       full, sampled or directional; null for {@link Mode#automatic}
     * @param samples    entries per quantity in sampled mode
     * @param seed       seeds the sample and the directions
     */
    public record Options(Tolerances tolerances, Mode mode, int samples, long seed) {
        public static Options defaults() {
            return new Options(Tolerances.DEFAULTS, null, Mode.DEFAULT_SAMPLES, 1);
        }

        public Options withMode(Mode newMode) {
            return new Options(tolerances, newMode, samples, seed);
        }
    }

    private Verifier() {}

    /** Checks {@code backprop} and {@code tape} (computed on θ and the batch) against each other and finite differences. */
    public static VerifyReport verify(Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape,
                                      Options options) {
        Mode mode = options.mode() != null ? options.mode() : Mode.automatic(plan);
        Tolerances tol = options.tolerances();
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, tol.step());
        double[] losses = {backprop.loss(), tape.loss(), fd.loss()};
        boolean lossAgrees = agree(tol, losses[0], losses[1]) && agree(tol, losses[0], losses[2])
                && agree(tol, losses[1], losses[2]);
        Tolerances fdTol = tol.withFloor(tol.fdFloor(losses[2]));
        Random random = new Random(options.seed());
        List<QuantityCheck> checks = new ArrayList<>();
        for (Step step : Step.backwardOrder(plan)) {
            checks.add(check(step, plan, batch.size(), fd, backprop, tape, mode, options.samples(), tol, fdTol, random));
        }
        return new VerifyReport(plan, mode, options.samples(), tol, fdTol.floor(), batch.size(), losses, lossAgrees,
                List.copyOf(checks));
    }

    private static boolean agree(Tolerances tol, double x, double y) {
        return tol.error(x, y) <= tol.tapeTolerance();
    }

    private static QuantityCheck check(Step step, Plan plan, int examples, FiniteDifferences fd, EngineResult backprop,
                                       EngineResult tape, Mode mode, int samples, Tolerances tol, Tolerances fdTol,
                                       Random random) {
        Quantity q = step.quantity();
        int rows = q.rows(plan, examples);
        int cols = q.cols(plan, examples);
        Matrix bp = backprop.gradients().get(q);
        Matrix tp = tape.gradients().get(q);
        String problem = shapeProblem(backprop.engine(), bp, rows, cols);
        if (problem.isEmpty()) {
            problem = shapeProblem(tape.engine(), tp, rows, cols);
        }
        if (!problem.isEmpty()) {
            return new QuantityCheck(step, rows, cols, 0, 0, Map.of(), null, Verdict.MISSING, problem);
        }
        Tally tally = new Tally(tol, fdTol);
        if (mode == Mode.DIRECTIONAL) {
            Matrix u = unitDirection(rows, cols, random);
            FiniteDifferences.Estimate estimate = fd.directional(q, u);
            tally.add(new Entry(-1, -1, dot(bp, u), dot(tp, u), estimate.value(), estimate.kink()));
        } else {
            for (int index : indices(rows * cols, mode == Mode.SAMPLED ? samples : rows * cols, random)) {
                FiniteDifferences.Estimate estimate = fd.entry(q, index);
                tally.add(new Entry(index / cols, index % cols, bp.data[index], tp.data[index], estimate.value(),
                        estimate.kink()));
            }
        }
        Verdict verdict = tally.failures() ? Verdict.DISAGREE : Verdict.AGREE;
        return new QuantityCheck(step, rows, cols, tally.checked, tally.kinks, tally.results(), tally.worst, verdict, "");
    }

    private static String shapeProblem(String engine, Matrix m, int rows, int cols) {
        if (m == null) {
            return engine + " did not compute it";
        }
        if (m.rows != rows || m.cols != cols) {
            return engine + " computed shape " + m.shape() + " instead of (" + rows + "x" + cols + ")";
        }
        return "";
    }

    /** All of 0..size−1 when count ≥ size, else count distinct indices drawn with {@code random}, in increasing order. */
    static int[] indices(int size, int count, Random random) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        if (count >= size) {
            return all;
        }
        for (int i = 0; i < count; i++) {   // partial Fisher–Yates shuffle
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(all, count);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    static Matrix unitDirection(int rows, int cols, Random random) {
        Matrix u = new Matrix(rows, cols);
        double norm = 0;
        for (int i = 0; i < u.size(); i++) {
            u.data[i] = random.nextGaussian();
            norm += u.data[i] * u.data[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < u.size(); i++) {
            u.data[i] /= norm;
        }
        return u;
    }

    private static double dot(Matrix x, Matrix y) {
        double s = 0;
        for (int i = 0; i < x.size(); i++) {
            s += x.data[i] * y.data[i];
        }
        return s;
    }

    /** Running worst errors and failure counts of the three pairs over one quantity's entries. */
    private static final class Tally {
        private final Tolerances tol;
        private final Tolerances fdTol;
        private final Map<Pair, double[]> byPair = new EnumMap<>(Pair.class);   // {worst error, failures, max |x−y|}
        private Entry worst;
        private double worstRatio = -1;
        private double worstDifference = -1;
        private int checked;
        private int kinks;

        Tally(Tolerances tol, Tolerances fdTol) {
            this.tol = tol;
            this.fdTol = fdTol;
            for (Pair p : Pair.values()) {
                byPair.put(p, new double[3]);
            }
        }

        void add(Entry e) {
            checked++;
            if (e.kink()) {
                kinks++;
            }
            double ratio = 0;
            for (Pair p : Pair.values()) {
                if (e.kink() && p.involvesFiniteDifferences()) {
                    continue;
                }
                double x = p == Pair.TAPE_FD ? e.tape() : e.backprop();
                double y = p == Pair.BACKPROP_TAPE ? e.tape() : e.fd();
                double err = (p.involvesFiniteDifferences() ? fdTol : tol).error(x, y);
                double[] w = byPair.get(p);
                w[0] = Math.max(w[0], err);
                w[2] = Math.max(w[2], Double.isNaN(x - y) ? Double.POSITIVE_INFINITY : Math.abs(x - y));
                if (err > tol.tolerance(p)) {
                    w[1]++;
                }
                ratio = Math.max(ratio, err / tol.tolerance(p));
            }
            double difference = Math.abs(e.backprop() - e.fd()) + Math.abs(e.backprop() - e.tape());
            if (ratio > worstRatio || (ratio == worstRatio && difference > worstDifference)) {
                worstRatio = ratio;
                worstDifference = difference;
                this.worst = e;
            }
        }

        boolean failures() {
            return byPair.values().stream().anyMatch(w -> w[1] > 0);
        }

        Map<Pair, PairResult> results() {
            Map<Pair, PairResult> out = new EnumMap<>(Pair.class);
            byPair.forEach((p, w) -> out.put(p, new PairResult(w[0], (int) w[1], w[2])));
            return out;
        }
    }
}
