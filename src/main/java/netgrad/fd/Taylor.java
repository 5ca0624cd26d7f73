package netgrad.fd;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The Taylor-remainder test, a step-free second opinion on a claimed gradient g of quantity q: along a unit
 * direction v, r(h) = |L(q + hv) − L(q) − h gᵀv| shrinks as h² when g is right and only as h when it is wrong.
 * r is measured at h = 10⁻¹, 10⁻², …, 10⁻⁸ (relative to max(1, max|q|)) and the observed order is
 * log₁₀(r(h) / r(h′)) per decade at the two smallest steps whose remainders stand clear of rounding noise
 * ({@link #NOISE_MARGIN} · 𝜖_mach · max(1, |L|)); steps that move a relu pre-activation across its kink are
 * left out. The change of L is summed example by example
 * ({@link LossFunction}), so rounding enters once, not B times; with batch norm or dropout the examples are coupled
 * and the change is that of the whole batch loss ({@link CoupledLoss}).
 */
public final class Taylor {
    /** A remainder counts only when it exceeds this many times 𝜖_mach · max(1, |L|). */
    public static final double NOISE_MARGIN = 1000;

    /**
     * The outcome: the observed order (NaN when every remainder lay in the noise) and the remainders.
     *
     * @param order      ~2 for a right gradient, ~1 for a wrong one
     * @param remainders r(h) for h = 10⁻¹ … 10⁻⁸ (times the scale)
     */
    public record Result(double order, double[] remainders) {
        /** Order ≥ 1.5: the gradient is right to the test's resolution. */
        public boolean right() {
            return order >= 1.5;
        }

        public boolean resolved() {
            return !Double.isNaN(order);
        }
    }

    private Taylor() {}

    /** The test of {@code gradient} (shape of q) along the unit direction {@code v} (shape of q). */
    public static Result test(Plan plan, Parameters theta, Batch batch, Quantity q, Matrix gradient, Matrix v) {
        CoupledLoss coupled = plan.couplesExamples() ? new CoupledLoss(plan, batch) : null;
        LossFunction base = coupled == null ? new LossFunction(plan, theta, batch) : null;
        double loss = coupled == null ? base.loss() : coupled.loss(theta, null, null);
        double noise = NOISE_MARGIN * Math.ulp(1.0) * Math.max(1, Math.abs(loss));
        double slope = 0;
        for (int i = 0; i < v.size(); i++) {
            slope += gradient.data[i] * v.data[i];                    // gᵀv
        }
        Matrix at = coupled == null ? value(base, theta, q)
                : q.isParameter() ? theta.get(q) : coupled.intermediate(theta, q);
        double scale = 1;
        for (double x : at.data) {
            scale = Math.max(scale, Math.abs(x));
        }
        double[] r = new double[8];
        for (int j = 0; j < r.length; j++) {
            double h = scale * Math.pow(10, -(j + 1));
            // |L(q+hv) − L(q) − h gᵀv|; NaN for a step across a relu kink (the remainder is O(h) whatever g is)
            double change = coupled == null ? change(plan, theta, batch, base, q, v, h)
                    : coupledChange(coupled, theta, q, at, v, h, loss);
            r[j] = Math.abs(change - h * slope);
        }
        double order = Double.NaN;
        int last = -1;
        for (int j = 0; j < r.length; j++) {
            if (r[j] > noise) {                            // NaN (a kink) fails the comparison
                if (last >= 0) {
                    order = Math.log10(r[last] / r[j]) / (j - last);   // the two smallest clear steps
                }
                last = j;
            }
        }
        return new Result(order, r);
    }

    private static Matrix value(LossFunction base, Parameters theta, Quantity q) {
        return switch (q.kind()) {
            case WEIGHT -> theta.W(q.k());
            case BIAS -> theta.b(q.k());
            case PRE_ACTIVATION -> base.a(q.k());
            case ACTIVATION -> base.h(q.k());
            case GAMMA, BETA, NORMALIZED -> throw new IllegalStateException("no " + q.label() + " without batch norm");
        };
    }

    /**
     * L(q + hv) − L(q) for a plan with batch norm or dropout: the whole batch's forward pass again (the statistics
     * move with every entry, dropout's masks stay), as the finite differences do ({@link CoupledLoss}).
     */
    private static double coupledChange(CoupledLoss coupled, Parameters theta, Quantity q, Matrix at, Matrix v, double h,
                                        double loss) {
        Parameters shifted = q.isParameter() ? theta.copy() : theta;
        Matrix m = q.isParameter() ? shifted.get(q) : at.copy();
        netgrad.linalg.Ops.addScaled(h, v, m);                                // q + hv
        return coupled.loss(shifted, q.isParameter() ? null : q, m) - loss;
    }

    /** L(q + hv) − L(q), or NaN when the step moves a relu pre-activation across 0. */
    private static double change(Plan plan, Parameters theta, Batch batch, LossFunction base, Quantity q, Matrix v, double h) {
        int examples = batch.size();
        switch (q.kind()) {
            case WEIGHT, BIAS -> {
                Parameters shifted = theta.copy();
                Matrix m = shifted.get(q);
                for (int i = 0; i < m.size(); i++) {
                    m.data[i] += h * v.data[i];
                }
                LossFunction f = new LossFunction(plan, shifted, batch);
                if (base.kinkCrossedIn(f)) {
                    return Double.NaN;
                }
                double data = 0;
                for (int b = 0; b < examples; b++) {
                    data += f.exampleLoss(b) - base.exampleLoss(b);       // Σ_b Δℓ_b
                }
                return data / examples + (f.decay() - base.decay());
            }
            case PRE_ACTIVATION -> {
                Matrix a = base.a(q.k()).copy();
                netgrad.linalg.Ops.addScaled(h, v, a);
                base.resetKink();
                double change = base.lossSumWithA(q.k(), a, 0, examples) / examples;
                return base.crossedKink() ? Double.NaN : change;
            }
            default -> {
                Matrix hk = base.h(q.k()).copy();
                netgrad.linalg.Ops.addScaled(h, v, hk);
                base.resetKink();
                double change = base.lossSumWithH(q.k(), hk, 0, examples) / examples;
                return base.crossedKink() ? Double.NaN : change;
            }
        }
    }
}
