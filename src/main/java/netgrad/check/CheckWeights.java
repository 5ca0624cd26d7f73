package netgrad.check;

import java.util.Random;

import netgrad.linalg.Matrix;
import netgrad.model.Parameters;

/**
 * The weights verify checks at: W_k from the spec's init, and every b_k entry drawn from N(0, {@value #BIAS_SD}²)
 * by a generator seeded with verify's --seed, because every init scheme sets b_k = 0 and a zero bias hides bias
 * mistakes (a forward pass adding the wrong bias, decay applied to biases). {@code --spec-init} keeps the zeros.
 */
public final class CheckWeights {
    /** The standard deviation of the biases verify draws. */
    public static final double BIAS_SD = 0.1;

    private CheckWeights() {}

    /** Overwrites every b_k of θ with N(0, BIAS_SD²) draws seeded by {@code seed}; returns θ. */
    public static Parameters drawBiases(Parameters theta, long seed) {
        Random random = new Random(seed ^ 0x5eed_b1a5L);
        for (int k = 1; k <= theta.depth(); k++) {
            Matrix b = theta.b(k);
            for (int i = 0; i < b.size(); i++) {
                b.data[i] = BIAS_SD * random.nextGaussian();
            }
        }
        return theta;
    }

    /**
     * Bytes verify needs for a plan and batch, estimated before allocating: θ, two engines' gradients and the
     * finite differences' copy of W (4 P doubles), and per unit and example about 16 doubles (the forward passes
     * of the three engines, the tape's values and adjoints, ∇a_k and ∇h_k of two engines, scratch), plus 64 MB.
     */
    public static long bytesNeeded(long parameters, long unitsTimesExamples) {
        return 8 * (4 * parameters + 16 * unitsTimesExamples) + (64L << 20);
    }
}
