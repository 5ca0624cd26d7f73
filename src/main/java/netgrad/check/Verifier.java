package netgrad.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import netgrad.backprop.Activations;
import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.check.QuantityCheck.Entry;
import netgrad.check.QuantityCheck.PairResult;
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
 * pair, entry by entry, with floors relative to each quantity's scale; then measure the check's power by planting
 * every applicable mistake of the catalogue into backprop against the same differences ({@link Power}).
 */
public final class Verifier {
    /**
     * How to check.
     *
     * @param tolerances step, tolerances and floor
     * @param mode       full, sampled or directional; null for {@link Mode#automatic}
     * @param samples    entries per quantity in sampled mode
     * @param seed       seeds the sample and the directions
     * @param power      whether to measure the power (plant every applicable mistake)
     */
    public record Options(Tolerances tolerances, Mode mode, int samples, long seed, boolean power) {
        public Options(Tolerances tolerances, Mode mode, int samples, long seed) {
            this(tolerances, mode, samples, seed, true);
        }

        public static Options defaults() {
            return new Options(Tolerances.DEFAULTS, null, Mode.DEFAULT_SAMPLES, 1);
        }

        public Options withMode(Mode newMode) {
            return new Options(tolerances, newMode, samples, seed, power);
        }

        public Options withoutPower() {
            return new Options(tolerances, mode, samples, seed, false);
        }
    }

    /** The backprop↔tape floor is at least this many 𝜖_mach · max(1, |L|). */
    static final double ROUNDING = 1;

    private Verifier() {}

    /** Checks {@code backprop} and {@code tape} (computed on θ and the batch) against each other and finite differences. */
    public static VerifyReport verify(Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape,
                                      Options options) {
        return verify(plan, theta, batch, backprop, tape, new FiniteDifferences(plan, theta, batch,
                options.tolerances().step()), options);
    }

    /** The same with the given finite differences (a test double may plant a bug in them). */
    public static VerifyReport verify(Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape,
                                      FiniteDifferences fd, Options options) {
        Mode mode = options.mode() != null ? options.mode() : Mode.automatic(plan);
        Tolerances tol = options.tolerances();
        double[] losses = {backprop.loss(), tape.loss(), fd.loss()};
        boolean lossAgrees = agree(tol, losses[0], losses[1]) && agree(tol, losses[0], losses[2])
                && agree(tol, losses[1], losses[2]);
        Random random = new Random(options.seed());
        ForwardPass forward = new Backprop(plan).forward(theta, batch.x());
        Map<Quantity, Double> rounding = roundingFloors(plan, theta, forward, tape, tol);
        List<Probe> probes = new ArrayList<>();
        for (Step step : Step.backwardOrder(plan)) {
            probes.add(probe(step, plan, batch.size(), fd, losses[2], mode, options.samples(), tol, random,
                    rounding.get(step.quantity())));
        }
        List<QuantityCheck> checks = compare(probes, plan, batch.size(), backprop, tape, tol);
        List<Exercise> exercised = Exercise.of(plan, forward);
        Power power = options.power() ? Power.measure(plan, theta, batch, backprop, tape, probes, tol, checks,
                exercised) : null;
        VerifyReport report = new VerifyReport(plan, mode, options.samples(), tol, tol.fdFloor(losses[2]), batch.size(), losses,
                lossAgrees, List.copyOf(checks), exercised, power, null);
        if (report.agrees()) {
            return report;
        }
        Blame blame = Blame.of(plan, theta, batch, report, backprop, tape, options.seed());
        return new VerifyReport(plan, mode, options.samples(), tol, report.fdFloor(), batch.size(), losses, lossAgrees,
                report.checks(), exercised, power, blame);
    }

    private static boolean agree(Tolerances tol, double x, double y) {
        return Tolerances.error(x, y, 0) <= tol.tapeTolerance();
    }

    /**
     * The floor between backprop and the tape, per quantity: floor × its scale (from the tape), and at least the
     * rounding of the loss (𝜖_mach max(1, |L|)) in ∇a_L carried down the chain rule — a gradient small by
     * cancellation (softmax with squared error) keeps the rounding of the terms that cancelled:
     * r(∇W_k) = B r(∇a_k) max|h_{k−1}|, r(∇b_k) = B r(∇a_k), r(∇h_{k−1}) = n_k max|W_k| r(∇a_k),
     * r(∇a_{k−1}) = max|g′(a_{k−1})| r(∇h_{k−1}).
     */
    static Map<Quantity, Double> roundingFloors(Plan plan, Parameters theta, ForwardPass f, EngineResult tape,
                                                Tolerances tol) {
        Map<Quantity, Double> r = new java.util.HashMap<>();
        int depth = plan.depth();
        int examples = f.batchSize();
        double loss = Double.isFinite(tape.loss()) ? Math.abs(tape.loss()) : 1;
        double carried = ROUNDING * Math.ulp(1.0) * Math.max(1, loss);
        for (Step step : Step.backwardOrder(plan)) {
            Quantity q = step.quantity();
            int k = q.k();
            double eps = Math.ulp(1.0);
            // the error carried from the step it is computed from, plus the rounding of its own terms (𝜖 · |terms|)
            double inherited = switch (q.kind()) {
                case PRE_ACTIVATION -> {
                    if (k == depth) {
                        yield carried;
                    }
                    if (plan.batchNorm(k)) {
                        // ∇a = (γ/s)(∇â − mean(∇â) − x̂ mean(∇â ⊙ x̂)): three terms of size ≤ (γ/s)(1 + 1 + max|x̂|)
                        double terms = maxGammaOverS(plan, theta, f, k) * (2 + maxAbs(f.xhat()[k]));
                        yield (terms + eps) * r.get(Quantity.ahat(k)) + eps * terms * maxOf(tape, Quantity.ahat(k));
                    }
                    yield throughG(plan, f, k, r.get(Quantity.h(k)), maxOf(tape, Quantity.h(k)));
                }
                case NORMALIZED -> throughG(plan, f, k, r.get(Quantity.h(k)), maxOf(tape, Quantity.h(k)));
                case GAMMA -> examples * maxAbs(f.xhat()[k])
                        * (r.get(Quantity.ahat(k)) + eps * maxOf(tape, Quantity.ahat(k)));
                case BETA -> examples * (r.get(Quantity.ahat(k)) + eps * maxOf(tape, Quantity.ahat(k)));
                case WEIGHT -> examples * maxAbs(f.h(k - 1)) * (r.get(Quantity.a(k)) + eps * maxOf(tape, Quantity.a(k)));
                case BIAS -> examples * (r.get(Quantity.a(k)) + eps * maxOf(tape, Quantity.a(k)));
                case ACTIVATION -> plan.units(k + 1) * maxAbs(theta.W(k + 1))
                        * (r.get(Quantity.a(k + 1)) + eps * maxOf(tape, Quantity.a(k + 1)));
            };
            Matrix own = tape.gradients().has(q) ? tape.gradients().get(q) : null;
            r.put(q, Math.max(inherited, own == null ? 0 : tol.floor() * maxAbs(own)));
        }
        return r;
    }

    /**
     * The rounding of ∇z = ∇h_k ⊙ m_k/(1 − p) ⊙ g′(z) (z = â_k with batch norm, else a_k) carried from r(∇h_k) and
     * added by its own terms; without dropout the factor is 1.
     */
    private static double throughG(Plan plan, ForwardPass f, int k, double rH, double maxGradH) {
        double eps = Math.ulp(1.0);
        Matrix z = plan.batchNorm(k) ? f.ahat(k) : f.a(k);
        Matrix gz = f.gOut()[k] != null ? f.gOut()[k] : f.h(k);
        double gPrime = maxAbs(Activations.derivative(plan.activation(k), z, gz, new Matrix(z.rows, z.cols)));
        double p = plan.dropout(k);
        double scale = p > 0 ? 1 / (1 - p) : 1;                                  // the mask's 1/(1 − p)
        return scale * ((gPrime + eps) * rH + eps * (1 + gPrime) * maxGradH);
    }

    /** max_i |γ_i| / √(σ²_i + ε) of layer k's batch norm. */
    private static double maxGammaOverS(Plan plan, Parameters theta, ForwardPass f, int k) {
        double max = 0;
        for (int i = 0; i < theta.gamma(k).size(); i++) {
            double s = Math.sqrt(f.variance()[k].data[i] + plan.batchNormEps(k));
            max = Math.max(max, Math.abs(theta.gamma(k).data[i]) / s);
        }
        return max;
    }

    private static Probe probe(Step step, Plan plan, int examples, FiniteDifferences fd, double loss, Mode mode, int samples,
                               Tolerances tol, Random random, double rounding) {
        Quantity q = step.quantity();
        int rows = q.rows(plan, examples);
        int cols = q.cols(plan, examples);
        double noise = tol.fdNoise(loss, examples, q);
        if (mode == Mode.DIRECTIONAL) {
            Matrix u = unitDirection(rows, cols, random);
            return new Probe(step, null, u, new FiniteDifferences.Estimate[] {fd.directional(q, u)}, noise, rounding);
        }
        int[] indices = indices(rows * cols, mode == Mode.SAMPLED ? samples : rows * cols, random);
        FiniteDifferences.Estimate[] estimates = new FiniteDifferences.Estimate[indices.length];
        for (int i = 0; i < indices.length; i++) {
            estimates[i] = fd.entry(q, indices[i]);
        }
        return new Probe(step, indices, null, estimates, noise, rounding);
    }

    /** One check per probe of the gradients of {@code backprop} and {@code tape} against the stored differences. */
    static List<QuantityCheck> compare(List<Probe> probes, Plan plan, int examples, EngineResult backprop, EngineResult tape,
                                       Tolerances tol) {
        List<QuantityCheck> checks = new ArrayList<>();
        for (Probe p : probes) {
            checks.add(check(p, plan, examples, backprop, tape, tol));
        }
        return checks;
    }

    private static QuantityCheck check(Probe p, Plan plan, int examples, EngineResult backprop, EngineResult tape,
                                       Tolerances tol) {
        Step step = p.step();
        Quantity q = step.quantity();
        int rows = q.rows(plan, examples);
        int cols = q.cols(plan, examples);
        Matrix bp = backprop.gradients().has(q) ? backprop.gradients().get(q) : null;
        Matrix tp = tape.gradients().has(q) ? tape.gradients().get(q) : null;
        String problem = shapeProblem(backprop.engine(), bp, rows, cols);
        if (problem.isEmpty()) {
            problem = shapeProblem(tape.engine(), tp, rows, cols);
        }
        if (!problem.isEmpty()) {
            return new QuantityCheck(step, rows, cols, 0, 0, Map.of(), null, QuantityCheck.Verdict.MISSING, problem, 0,
                    p.noise());
        }
        double scale = p.direction() != null ? Math.max(Math.abs(dot(bp, p.direction())), Math.abs(dot(tp, p.direction())))
                : Math.max(maxAbs(bp), maxAbs(tp));
        double tapeFloor = Math.max(tol.floor() * scale, p.rounding());   // relative to the quantity's own scale
        Tally tally = new Tally(tol, tapeFloor, Math.max(tapeFloor, p.noise()));
        if (p.direction() != null) {
            FiniteDifferences.Estimate e = p.estimates()[0];
            tally.add(new Entry(-1, -1, dot(bp, p.direction()), dot(tp, p.direction()), e.value(), e.kink()));
        } else {
            for (int i = 0; i < p.indices().length; i++) {
                int index = p.indices()[i];
                FiniteDifferences.Estimate e = p.estimates()[i];
                tally.add(new Entry(index / cols, index % cols, bp.data[index], tp.data[index], e.value(), e.kink()));
            }
        }
        QuantityCheck.Verdict verdict;
        String note = "";
        if (tally.failures()) {
            verdict = QuantityCheck.Verdict.DISAGREE;
        } else if (scale <= p.noise() && zeroByBatchNorm(plan, q)) {
            // ∇b_k = Σ_batch ∇a_k = 0 on every batch (the mean subtraction cancels b_k): 0 is its right value, so
            // finite differences near 0 confirm it and any answer above their noise would disagree
            verdict = QuantityCheck.Verdict.AGREE;
        } else if (scale == 0) {
            verdict = QuantityCheck.Verdict.NOT_EXERCISED;
            note = "identically 0 in backprop and the tape on this batch";
        } else if (scale <= p.noise()) {
            verdict = QuantityCheck.Verdict.NOT_EXERCISED;
            note = "its entries (at most " + ReportText.number(scale) + ") lie below the rounding noise of finite "
                    + "differences (" + ReportText.number(p.noise()) + "): they cannot resolve it";
        } else {
            verdict = QuantityCheck.Verdict.AGREE;
        }
        return new QuantityCheck(step, rows, cols, tally.checked, tally.kinks, tally.results(), tally.worst, verdict, note,
                scale, p.noise());
    }

    /** b_k of a batch-normalised layer: its gradient is 0 whatever the batch, not for want of exercise. */
    static boolean zeroByBatchNorm(Plan plan, Quantity q) {
        return q.kind() == Quantity.Kind.BIAS && q.k() < plan.depth() && plan.batchNorm(q.k());
    }

    private static double maxOf(EngineResult r, Quantity q) {
        return r.gradients().has(q) ? maxAbs(r.gradients().get(q)) : 0;
    }

    private static double maxAbs(Matrix m) {
        double s = 0;
        for (double v : m.data) {
            s = Math.max(s, Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.abs(v));
        }
        return s;
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

    static double dot(Matrix x, Matrix y) {
        double s = 0;
        for (int i = 0; i < x.size(); i++) {
            s += x.data[i] * y.data[i];
        }
        return s;
    }

    /** Running worst errors and failure counts of the three pairs over one quantity's entries. */
    private static final class Tally {
        private final Tolerances tol;
        private final double tapeFloor;
        private final double fdFloor;
        private final Map<Pair, double[]> byPair = new EnumMap<>(Pair.class);   // {worst error, failures, max |x−y|}
        private Entry worst;
        private double worstRatio = -1;
        private double worstDifference = -1;
        private int checked;
        private int kinks;

        Tally(Tolerances tol, double tapeFloor, double fdFloor) {
            this.tol = tol;
            this.tapeFloor = tapeFloor;
            this.fdFloor = fdFloor;
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
                double err = Tolerances.error(x, y, p.involvesFiniteDifferences() ? fdFloor : tapeFloor);
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
