package netgrad.fd;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;

/**
 * The batch loss L(θ) = (1/B) Σ_b ℓ(ŷ_b, y_b) + (λ/2) Σ_k ‖W_k‖² as a function of any one quantity of the
 * forward pass, written from the definitions alone (scalar g, O and ℓ; no code shared with the engines it
 * checks), so that finite differences are an independent oracle.
 *
 * <p>The baseline forward pass a_k = b_k + W_k h_{k−1}, h_k = g_k(a_k), ŷ = O(a_L) is cached once (all
 * matrices n_k × B). A perturbation then recomputes only what it changes: shifting row i of a_k by δ
 * (per example) changes only row i of h_k, hence a_{k+1} by the rank-one W_{k+1}[:, i] Δh_k[i, :], and only
 * the layers above k + 1 are run again in full. Perturbing W_k[i][j] by ±ε is the shift δ = ±ε h_{k−1}[j, :]
 * of row i of a_k; perturbing one example's a_k or h_k touches only that example's column.
 *
 * <p>Every evaluation also records whether a pre-activation of a relu or leaky_relu layer changed side of
 * the kink at 0 ({@link #crossedKink()}): there the loss is not differentiable and finite differences
 * say nothing about the derivative.
 */
final class LossFunction {
    private final Plan plan;
    private final Parameters theta;
    private final Batch batch;
    private final int depth;
    private final int examples;
    private final Matrix[] a;       // a[k], k = 1..L (baseline)
    private final Matrix[] h;       // h[k], k = 0..L−1 (h[0] = x)
    private final double[] exampleLoss;
    private final double[][] scratchA; // perturbed a_k, same layout as a[k]
    private final double[][] scratchH;
    private final double[] yhatColumn;
    private final double[] shiftOfH;
    private boolean crossed;

    LossFunction(Plan plan, Parameters theta, Batch batch) {
        this.plan = plan;
        this.theta = theta;
        this.batch = batch;
        this.depth = plan.depth();
        this.examples = batch.size();
        this.a = new Matrix[depth + 1];
        this.h = new Matrix[depth];
        this.scratchA = new double[depth + 1][];
        this.scratchH = new double[depth][];
        h[0] = batch.x();
        for (int k = 1; k <= depth; k++) {
            a[k] = new Matrix(plan.units(k), examples);
            scratchA[k] = new double[a[k].size()];
            affine(k, h[k - 1].data, a[k].data, 0, examples);
            if (k < depth) {
                h[k] = new Matrix(plan.units(k), examples);
                scratchH[k] = new double[h[k].size()];
                Activation g = plan.activation(k);
                for (int e = 0; e < a[k].size(); e++) {
                    h[k].data[e] = g(g, a[k].data[e]);
                }
            }
        }
        this.yhatColumn = new double[plan.units(depth)];
        this.shiftOfH = new double[examples];
        this.exampleLoss = new double[examples];
        for (int b = 0; b < examples; b++) {
            exampleLoss[b] = exampleLoss(a[depth].data, b);
        }
    }

    /** The baseline pre-activation a_k (n_k × B), 1 ≤ k ≤ L; not to be modified. */
    Matrix a(int k) {
        return a[k];
    }

    /** The baseline h_k (n_k × B), 0 ≤ k &lt; L (h_0 = x); not to be modified. */
    Matrix h(int k) {
        return h[k];
    }

    int examples() {
        return examples;
    }

    Plan plan() {
        return plan;
    }

    Parameters theta() {
        return theta;
    }

    /** L(θ) at the baseline. */
    double loss() {
        double sum = 0;
        for (double l : exampleLoss) {
            sum += l;
        }
        return sum / examples + decay();
    }

    /** ℓ_b at the baseline. */
    double exampleLoss(int b) {
        return exampleLoss[b];
    }

    /** (λ/2) Σ_k ‖W_k‖². */
    double decay() {
        if (plan.weightDecay() == 0) {
            return 0;
        }
        double squares = 0;
        for (int k = 1; k <= depth; k++) {
            for (double w : theta.W(k).data) {
                squares += w * w;
            }
        }
        return plan.weightDecay() / 2 * squares;
    }

    /** Σ_b ℓ_b over examples c0 ≤ b &lt; c1 at the baseline. */
    double baselineLossSum(int c0, int c1) {
        double sum = 0;
        for (int b = c0; b < c1; b++) {
            sum += exampleLoss[b];
        }
        return sum;
    }

    /** True when an evaluation since the last {@link #resetKink()} moved a relu pre-activation across 0. */
    boolean crossedKink() {
        return crossed;
    }

    void resetKink() {
        crossed = false;
    }

    /**
     * The change of Σ_b ℓ_b from the baseline over examples c0 ≤ b &lt; c1 when row i of a_k is shifted by delta[b] (other rows and examples
     * unchanged).
     */
    double lossSumWithRowOfAShifted(int k, int i, double[] delta, int c0, int c1) {
        int width = examples;
        if (k == depth) {
            double[] sa = scratchA[k];
            System.arraycopy(a[k].data, 0, sa, 0, sa.length);
            for (int b = c0; b < c1; b++) {
                sa[i * width + b] += delta[b];
            }
            return outputLossSum(sa, c0, c1);
        }
        Activation g = plan.activation(k);
        double[] dh = shiftOfH;
        for (int b = c0; b < c1; b++) {
            double before = a[k].data[i * width + b];
            double after = before + delta[b];
            noteKink(g, before, after);
            dh[b] = g(g, after) - h[k].data[i * width + b]; // Δh_k[i, b] = g(a + δ) − g(a)
        }
        return lossSumWithRowOfHShifted(k, i, dh, c0, c1);
    }

    /** The change of Σ_b ℓ_b from the baseline over c0 ≤ b &lt; c1 when row i of h_k (1 ≤ k &lt; L) is shifted by delta[b]. */
    double lossSumWithRowOfHShifted(int k, int i, double[] delta, int c0, int c1) {
        int above = k + 1;
        int rows = plan.units(above);
        int fanIn = plan.units(k);
        int width = examples;
        double[] w = theta.W(above).data;
        double[] sa = scratchA[above];
        double[] base = a[above].data;
        for (int r = 0; r < rows; r++) {
            double wri = w[r * fanIn + i];
            int row = r * width;
            for (int b = c0; b < c1; b++) {
                sa[row + b] = base[row + b] + wri * delta[b]; // a_{k+1} += W_{k+1}[:, i] Δh_k[i, :]
            }
        }
        return forwardFrom(above, c0, c1);
    }

    /** The change of Σ_b ℓ_b from the baseline over c0 ≤ b &lt; c1 when a_k is replaced by {@code aK} (n_k × B) in those examples. */
    double lossSumWithA(int k, Matrix aK, int c0, int c1) {
        System.arraycopy(aK.data, 0, scratchA[k], 0, aK.size());
        return forwardFrom(k, c0, c1);
    }

    /** The change of Σ_b ℓ_b from the baseline over c0 ≤ b &lt; c1 when h_k (1 ≤ k &lt; L) is replaced by {@code hK} in those examples. */
    double lossSumWithH(int k, Matrix hK, int c0, int c1) {
        affine(k + 1, hK.data, scratchA[k + 1], c0, c1);
        return forwardFrom(k + 1, c0, c1);
    }

    /** Runs layers k..L from scratchA[k] (columns c0..c1) and returns the change of Σ_b ℓ_b over those columns. */
    private double forwardFrom(int k, int c0, int c1) {
        int width = examples;
        for (int m = k; m < depth; m++) {
            Activation g = plan.activation(m);
            double[] sa = scratchA[m];
            double[] sh = scratchH[m];
            double[] base = a[m].data;
            int rows = plan.units(m);
            for (int r = 0; r < rows; r++) {
                for (int b = c0; b < c1; b++) {
                    int e = r * width + b;
                    noteKink(g, base[e], sa[e]);
                    sh[e] = g(g, sa[e]); // h_m = g(a_m)
                }
            }
            affine(m + 1, sh, scratchA[m + 1], c0, c1);
        }
        return outputLossSum(scratchA[depth], c0, c1);
    }

    /** out[:, c0..c1) = b_k + W_k in[:, c0..c1), with in = h_{k−1} (n_{k−1} × B). */
    private void affine(int k, double[] in, double[] out, int c0, int c1) {
        int rows = plan.units(k);
        int fanIn = plan.units(k - 1);
        int width = examples;
        double[] w = theta.W(k).data;
        double[] bias = theta.b(k).data;
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            for (int b = c0; b < c1; b++) {
                out[row + b] = bias[r];
            }
            for (int j = 0; j < fanIn; j++) {
                double wrj = w[r * fanIn + j];
                int col = j * width;
                for (int b = c0; b < c1; b++) {
                    out[row + b] += wrj * in[col + b];
                }
            }
        }
    }

    /**
     * Σ_b ℓ_b over examples c0 ≤ b &lt; c1 at the perturbed a_L, summed as Σ_b ℓ_b(baseline) + Σ_b (ℓ_b − ℓ_b(baseline)):
     * the small per-example changes are summed first, so the rounding of a long sum of O(|ℓ|) terms (which grows
     * with B) does not enter the difference of two such sums.
     */
    private double outputLossSum(double[] aL, int c0, int c1) {
        double change = 0;
        for (int b = c0; b < c1; b++) {
            change += exampleLoss(aL, b) - exampleLoss[b];
        }
        return change;
    }

    /** ℓ(O(a_L[:, b]), y[:, b]) for one example b, in a numerically stable form where one exists. */
    private double exampleLoss(double[] aL, int b) {
        return exampleLoss(plan, batch.y(), aL, b, yhatColumn);
    }

    /** ℓ(O(a_L[:, b]), y[:, b]) for example b of y (n_L × B), with a_L laid out like y; yhatColumn: n_L scratch. */
    static double exampleLoss(Plan plan, Matrix y, double[] aL, int b, double[] yhatColumn) {
        int n = plan.units(plan.depth());
        int width = y.cols;
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, aL[i * width + b]);
            }
            double sumExp = 0;
            for (int i = 0; i < n; i++) {
                sumExp += Math.exp(aL[i * width + b] - max);
            }
            double logSumExp = max + Math.log(sumExp);
            double l = 0;
            for (int i = 0; i < n; i++) {
                double yi = y.data[i * width + b];
                if (yi != 0) {
                    l += yi * (logSumExp - aL[i * width + b]); // −y_i log softmax(a)_i
                }
            }
            return l;
        }
        if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY) {
            double l = 0;
            for (int i = 0; i < n; i++) {
                double ai = aL[i * width + b];
                l += softplus(ai) - y.data[i * width + b] * ai; // −[y log σ(a) + (1−y) log(1−σ(a))]
            }
            return l;
        }
        double[] yhat = yhatColumn;
        output(o, aL, b, yhat, width);
        double l = 0;
        for (int i = 0; i < n; i++) {
            double yi = y.data[i * width + b];
            double p = yhat[i];
            l += switch (loss) {
                case SQUARED_ERROR -> 0.5 * (p - yi) * (p - yi);
                case CROSS_ENTROPY -> yi == 0 ? 0 : -yi * Math.log(p);
                case BINARY_CROSS_ENTROPY -> -(yi * Math.log(p) + (1 - yi) * Math.log(1 - p));
            };
        }
        return l;
    }

    private static double[] output(OutputFunction o, double[] aL, int b, double[] yhat, int width) {
        int n = yhat.length;
        return switch (o) {
            case IDENTITY -> {
                for (int i = 0; i < n; i++) {
                    yhat[i] = aL[i * width + b];
                }
                yield yhat;
            }
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) {
                    yhat[i] = logistic(aL[i * width + b]);
                }
                yield yhat;
            }
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, aL[i * width + b]);
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    yhat[i] = Math.exp(aL[i * width + b] - max);
                    sum += yhat[i];
                }
                for (int i = 0; i < n; i++) {
                    yhat[i] /= sum;
                }
                yield yhat;
            }
        };
    }

    /** True when some relu or leaky_relu pre-activation lies on the other side of 0 in {@code other}'s forward pass. */
    boolean kinkCrossedIn(LossFunction other) {
        for (int k = 1; k < depth; k++) {
            if (!plan.activation(k).hasKink()) {
                continue;
            }
            double[] x = a[k].data;
            double[] y = other.a[k].data;
            for (int e = 0; e < x.length; e++) {
                if ((x[e] > 0) != (y[e] > 0)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void noteKink(Activation g, double before, double after) {
        if (g.kind() == Activation.Kind.DEFINED) {
            crossed |= Activation.defined(g).definition().body().kinks().stream()
                    .anyMatch(u -> Math.signum(u.at(before)) != Math.signum(u.at(after)));
        } else if (g.hasKink() && (before > 0) != (after > 0)) {
            crossed = true;
        }
    }

    /** g(z) for every activation of the plan. */
    static double g(Activation g, double z) {
        return switch (g.kind()) {
            case LOGISTIC -> logistic(z);
            case TANH -> Math.tanh(z);
            case RELU -> z > 0 ? z : 0;
            case LEAKY_RELU -> z >= 0 ? z : Activation.slope(g) * z;
            case IDENTITY -> z;
            case SOFTPLUS -> softplus(z);
            case DEFINED -> Activation.defined(g).definition().body().at(z);
        };
    }

    static double logistic(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** log(1 + e^z) without overflow. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
