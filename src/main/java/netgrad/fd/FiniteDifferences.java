package netgrad.fd;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * Central finite differences of the batch loss: ∂L/∂q ≈ (L(q + ε) − L(q − ε)) / 2ε with
 * ε = step · max(1, |q|), for any entry q of W_k, b_k, a_k or h_k, and for a direction u of a whole tensor
 * (∂L/∂q · u ≈ (L(q + εu) − L(q − εu)) / 2ε with ε = step).
 *
 * <p>Why step = 1e-6 by default: the truncation error of the central difference is ε² L‴/6 and the rounding
 * error about 𝜖_mach |L| / ε; their sum is smallest near ε ≈ 𝜖_mach^(1/3) ≈ 6·10⁻⁶. {@code verify --sweep} on
 * specs/lecture4.net measures max |backprop − fd| = 1.1·10⁻¹⁰ at ε = 10⁻⁶ and 1.2·10⁻¹¹ at 10⁻⁵, against
 * ~10⁻⁷ at 10⁻³ (truncation) and at 10⁻⁹ (rounding). The smaller of the two good steps is taken because a
 * perturbation of ε can cross a relu kink only when the pre-activation lies within ε of it: fewer kinks.
 *
 * <p>The data term and the decay term are differenced separately: L = (1/B) Σ_b ℓ_b + (λ/2) Σ‖W‖², and the
 * entries of Σ‖W‖² other than the perturbed one cancel exactly, so the decay term's difference is
 * (λ/2)((w + ε)² − (w − ε)²) / 2ε; only the examples a perturbation reaches are evaluated at all
 * (see {@link LossFunction} for the incremental forward pass). Not final so that a test can plant a bug in it.
 *
 * <p>A plan with batch normalisation or dropout couples the examples of a batch (μ and σ² are over the batch), so
 * its estimates run the whole forward pass for each perturbation instead ({@link CoupledLoss}): the batch
 * statistics are recomputed every time, dropout's masks (the batch's) are held fixed. γ_k, β_k and â_k are
 * differenced like any other entry.
 */
public class FiniteDifferences {
    /** The default relative step: near the cube root of the machine epsilon, see the class comment. */
    public static final double DEFAULT_STEP = 1e-6;

    /** One estimate of a derivative, and whether the perturbation crossed a relu kink (then it is unreliable). */
    public record Estimate(double value, boolean kink) {}

    private final LossFunction f;        // null for a plan that couples examples
    private final CoupledLoss coupled;   // null otherwise
    private final Plan plan;
    private final Parameters theta;
    private final double step;
    private final int examples;
    private final double[] shift;

    public FiniteDifferences(Plan plan, Parameters theta, Batch batch, double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("the step must be a positive number, not " + step);
        }
        this.plan = plan;
        this.theta = theta;
        this.f = plan.couplesExamples() ? null : new LossFunction(plan, theta, batch);
        this.coupled = plan.couplesExamples() ? new CoupledLoss(plan, batch) : null;
        this.step = step;
        this.examples = batch.size();
        this.shift = new double[examples];
    }

    /** L(θ) as the finite differences see it (their own forward pass). */
    public double loss() {
        return f != null ? f.loss() : coupled.loss(theta, null, null);
    }

    public double step() {
        return step;
    }

    /** ε for an entry of value v: step · max(1, |v|). */
    public double stepFor(double value) {
        return step * Math.max(1, Math.abs(value));
    }

    /** ∂L/∂q for entry {@code index} (row-major) of W_k, b_k, a_k or h_k. */
    public Estimate entry(Quantity q, int index) {
        requireIn(q);
        if (f == null) {
            return coupledEntry(q, index);
        }
        f.resetKink();
        double value = switch (q.kind()) {
            case WEIGHT -> weightEntry(q.k(), index);
            case BIAS -> biasEntry(q.k(), index);
            case PRE_ACTIVATION -> intermediateEntry(q.k(), index, true);
            case ACTIVATION -> intermediateEntry(q.k(), index, false);
            case GAMMA, BETA, NORMALIZED -> throw new IllegalStateException("no " + q.label() + " without batch norm");
        };
        return new Estimate(value, f.crossedKink());
    }

    /** The coupled plan's estimate: the whole loss at q ± ε, batch statistics recomputed, masks fixed. */
    private Estimate coupledEntry(Quantity q, int index) {
        Parameters shifted = q.isParameter() ? theta.copy() : theta;
        Matrix m = q.isParameter() ? shifted.get(q) : coupled.intermediate(theta, q);
        double v = m.data[index];
        double eps = stepFor(v);
        m.data[index] = v + eps;
        double plus = coupled.loss(shifted, q.isParameter() ? null : q, m);
        m.data[index] = v - eps;
        double minus = coupled.loss(shifted, q.isParameter() ? null : q, m);
        m.data[index] = v;
        return new Estimate((plus - minus) / (2 * eps), false);
    }

    /** The coupled plan's directional estimate along u. */
    private Estimate coupledDirectional(Quantity q, Matrix u) {
        Parameters shifted = q.isParameter() ? theta.copy() : theta;
        Matrix m = q.isParameter() ? shifted.get(q) : coupled.intermediate(theta, q);
        Matrix base = m.copy();
        netgrad.linalg.Ops.addScaled(step, u, m);
        double plus = coupled.loss(shifted, q.isParameter() ? null : q, m);
        System.arraycopy(base.data, 0, m.data, 0, m.size());
        netgrad.linalg.Ops.addScaled(-step, u, m);
        double minus = coupled.loss(shifted, q.isParameter() ? null : q, m);
        return new Estimate((plus - minus) / (2 * step), false);
    }

    private void requireIn(Quantity q) {
        if (!q.existsIn(plan)) {
            throw new IllegalArgumentException("no quantity called '" + q.label() + "' in a network of " + plan.depth()
                    + " layers");
        }
    }

    /** ∂L/∂W_k[i][j]: a_k row i moves by ±ε h_{k−1}[j, :]. */
    private double weightEntry(int k, int index) {
        Parameters theta = f.theta();
        int fanIn = theta.W(k).cols;
        int i = index / fanIn;
        int j = index % fanIn;
        double w = theta.W(k).data[index];
        double eps = stepFor(w);
        double[] input = f.h(k - 1).data;
        double plus = rowShift(k, i, j, eps, input);
        double minus = rowShift(k, i, j, -eps, input);
        double lambda = f.plan().weightDecay();
        double decay = lambda / 2 * ((w + eps) * (w + eps) - (w - eps) * (w - eps)) / (2 * eps);
        return (plus - minus) / (2 * eps * examples) + decay;
    }

    private double rowShift(int k, int i, int j, double eps, double[] input) {
        for (int b = 0; b < examples; b++) {
            shift[b] = eps * input[j * examples + b];
        }
        return f.lossSumWithRowOfAShifted(k, i, shift, 0, examples);
    }

    /** ∂L/∂b_k[i]: a_k row i moves by ±ε in every example. */
    private double biasEntry(int k, int i) {
        double eps = stepFor(f.theta().b(k).data[i]);
        java.util.Arrays.fill(shift, eps);
        double plus = f.lossSumWithRowOfAShifted(k, i, shift, 0, examples);
        java.util.Arrays.fill(shift, -eps);
        double minus = f.lossSumWithRowOfAShifted(k, i, shift, 0, examples);
        return (plus - minus) / (2 * eps * examples);
    }

    /** ∂L/∂a_k[i, b] or ∂L/∂h_k[i, b]: only example b changes. */
    private double intermediateEntry(int k, int index, boolean preActivation) {
        int i = index / examples;
        int b = index % examples;
        double v = preActivation ? f.a(k).data[index] : f.h(k).data[index];
        double eps = stepFor(v);
        shift[b] = eps;
        double plus = preActivation ? f.lossSumWithRowOfAShifted(k, i, shift, b, b + 1)
                : f.lossSumWithRowOfHShifted(k, i, shift, b, b + 1);
        shift[b] = -eps;
        double minus = preActivation ? f.lossSumWithRowOfAShifted(k, i, shift, b, b + 1)
                : f.lossSumWithRowOfHShifted(k, i, shift, b, b + 1);
        return (plus - minus) / (2 * eps * examples);
    }

    /** The directional derivative ∂L/∂q · u for a direction u in the shape of the quantity q. */
    public Estimate directional(Quantity q, Matrix u) {
        requireIn(q);
        if (f == null) {
            return coupledDirectional(q, u);
        }
        f.resetKink();
        double plus = directionalLossSum(q, u, step);
        double minus = directionalLossSum(q, u, -step);
        double value = (plus - minus) / (2 * step * examples);
        if (q.kind() == Quantity.Kind.WEIGHT) {
            double[] w = f.theta().W(q.k()).data;
            double lambda = f.plan().weightDecay();
            double change = 0;
            for (int e = 0; e < w.length; e++) {
                double up = w[e] + step * u.data[e];
                double down = w[e] - step * u.data[e];
                change += up * up - down * down;
            }
            value += lambda / 2 * change / (2 * step);
        }
        return new Estimate(value, f.crossedKink());
    }

    private double directionalLossSum(Quantity q, Matrix u, double eps) {
        int k = q.k();
        switch (q.kind()) {
            case WEIGHT -> {
                Matrix aK = f.a(k).copy();
                Matrix du = new Matrix(aK.rows, aK.cols);
                netgrad.linalg.Ops.mult(u, f.h(k - 1), du);  // Δa_k = ε U h_{k−1}
                netgrad.linalg.Ops.addScaled(eps, du, aK);
                return f.lossSumWithA(k, aK, 0, examples);
            }
            case BIAS -> {
                Matrix aK = f.a(k).copy();
                Matrix scaled = u.copy();
                netgrad.linalg.Ops.scale(eps, scaled);
                netgrad.linalg.Ops.addToColumns(scaled, aK);   // Δa_k = ε u 1ᵀ
                return f.lossSumWithA(k, aK, 0, examples);
            }
            case PRE_ACTIVATION -> {
                Matrix aK = f.a(k).copy();
                netgrad.linalg.Ops.addScaled(eps, u, aK);
                return f.lossSumWithA(k, aK, 0, examples);
            }
            default -> {
                Matrix hK = f.h(k).copy();
                netgrad.linalg.Ops.addScaled(eps, u, hK);
                return f.lossSumWithH(k, hK, 0, examples);
            }
        }
    }

    /**
     * The same estimate for a parameter entry by brute force: copy θ, perturb, run the whole forward pass
     * twice. The reference the incremental version is tested and benchmarked against.
     */
    public static double bruteForce(Plan plan, Parameters theta, Batch batch, Quantity parameter, int index, double step) {
        Parameters shifted = theta.copy();
        double v = theta.get(parameter).data[index];
        double eps = step * Math.max(1, Math.abs(v));
        shifted.get(parameter).data[index] = v + eps;
        double plus = new FiniteDifferences(plan, shifted, batch, step).loss();
        shifted.get(parameter).data[index] = v - eps;
        double minus = new FiniteDifferences(plan, shifted, batch, step).loss();
        return (plus - minus) / (2 * eps);
    }
}
