package netgrad.model;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import netgrad.linalg.Matrix;
import netgrad.plan.Init;
import netgrad.plan.Plan;

/**
 * θ at the start of training: every W_k (n_k × n_{k−1}) drawn from N(0, σ_k²), every b_k = 0, where
 * <pre>
 *   random  σ_k = scale
 *   xavier  σ_k = √(2 / (n_{k−1} + n_k))     (Glorot and Bengio's normal variant)
 *   he      σ_k = √(2 / n_{k−1})
 *   zeros   σ_k = 0, W_k = 0 exactly (no deviates drawn)
 * </pre>
 * One commons-math3 {@link Well19937c} seeded with the plan's seed supplies the normal deviates (its
 * {@code nextGaussian}), filling W_1, W_2, …, W_L in order, each row by row; so one seed gives the same
 * parameters bit for bit on every run and machine.
 */
public final class Initializer {
    private Initializer() {}

    /** Fresh parameters for {@code plan} following its {@link Init}. */
    public static Parameters initialize(Plan plan) {
        return initialize(plan, plan.init());
    }

    /** Fresh parameters for {@code plan} following {@code init} (for overrides of the spec's init). */
    public static Parameters initialize(Plan plan, Init init) {
        Parameters theta = Parameters.zeros(plan);
        RandomGenerator random = new Well19937c(init.seed());
        for (int k = 1; k <= plan.depth(); k++) {
            double sigma = standardDeviation(init, plan.units(k - 1), plan.units(k));
            Matrix w = theta.W(k);
            if (sigma == 0) {
                continue; // zeros: W_k stays +0.0 (σ · z would give −0.0 for z < 0)
            }
            for (int i = 0; i < w.data.length; i++) {
                w.data[i] = sigma * random.nextGaussian();
            }
            if (theta.gamma(k) != null) {
                java.util.Arrays.fill(theta.gamma(k).data, 1.0);   // γ_k = 1, β_k = 0: â_k starts as the plain x̂_k
            }
        }
        return theta;
    }

    /** σ of the weights of a layer with fan-in n_{k−1} = {@code fanIn} and n_k = {@code fanOut} units. */
    public static double standardDeviation(Init init, int fanIn, int fanOut) {
        return switch (init.scheme()) {
            case RANDOM -> init.scale();
            case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
            case HE -> Math.sqrt(2.0 / fanIn);
            case ZEROS -> 0.0;
        };
    }
}
