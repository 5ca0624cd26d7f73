package netgrad.train;

import java.util.SplittableRandom;

import netgrad.linalg.Matrix;
import netgrad.model.Parameters;
import netgrad.plan.Init;
import netgrad.plan.Plan;

/**
 * Draws θ from the plan's {@link Init}: every W_k entry from N(0, σ_k²) with σ_k = scale (random),
 * √(2/(n_{k−1}+n_k)) (xavier) or √(2/n_{k−1}) (he); biases 0. Entries are drawn W_1 row by row, then W_2, …
 * from one generator seeded with the plan's seed, so a seed fixes θ bit for bit.
 */
public final class Initialization {
    private Initialization() {}

    public static Parameters initialize(Plan plan) {
        Parameters theta = Parameters.zeros(plan);
        Init init = plan.init();
        SplittableRandom random = new SplittableRandom(init.seed());
        for (int k = 1; k <= plan.depth(); k++) {
            Matrix w = theta.W(k);
            double fanIn = plan.units(k - 1);
            double fanOut = plan.units(k);
            double sigma = switch (init.scheme()) {
                case RANDOM -> init.scale();
                case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
                case HE -> Math.sqrt(2.0 / fanIn);
            };
            for (int i = 0; i < w.data.length; i++) {
                w.data[i] = sigma * random.nextGaussian();
            }
        }
        return theta;
    }
}
