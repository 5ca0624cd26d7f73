package netgrad.train;

import netgrad.plan.Training;

/**
 * The update rules of {@link Optimizer} for float32 training: the same six rules ({@link Float32Optimizers}), on
 * float weights and gradients with float state (u, m, v), as single-precision training in PyTorch keeps them.
 * <p>Why float and not the float64 rules of {@link Optimizer} with float64 state on θ: measured per 100k parameters
 * (one thread, best of 30), the float64 way is four passes, widening ∇θ to double (27 µs), checking it (30 µs),
 * the rule (sgd 17 µs, adam 100 µs) and rounding θ back to float32 for the next forward pass (55 µs): 130–210 µs a
 * step, 0.15–0.23 s an epoch of 784-128-128-10 (118k parameters, 937 steps), as much as half the float products'
 * time. In float the check is 21 µs and the rule 8 µs (sgd) to 38 µs (adam): 0.03–0.07 s an epoch. Float state is
 * exact enough: v ~ g² stays a normal float for any |g| above 1e-19, and the coefficients 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ)
 * are computed in double. Writing θ (double) in the same loops would cost the vectorisation (a float-to-double
 * conversion: measured 55 µs for sgd, 240 µs for adam), so {@link Float32Steps} copies the weights into θ once per
 * pass over the data.
 */
abstract class Float32Optimizer {
    /** η. */
    final float eta;
    /** t, the number of the step being taken (1 for the first). */
    int t;

    Float32Optimizer(double eta) {
        this.eta = (float) eta;
    }

    /** The float32 rule {@code config} names, for tensors of the given sizes. */
    static Float32Optimizer create(Training.Optimizer config, double eta, int[] sizes) {
        return switch (config.kind()) {
            case SGD -> new Float32Optimizers.Sgd(eta);
            case MOMENTUM -> new Float32Optimizers.Momentum(eta, config.momentum(), sizes);
            case NAG -> new Float32Optimizers.Nag(eta, config.momentum(), sizes);
            case RMSPROP -> new Float32Optimizers.RmsProp(eta, config.beta(), config.epsilon(), sizes);
            case ADAM -> new Float32Optimizers.Adam(eta, config.beta1(), config.beta2(), config.epsilon(), sizes);
            case NADAM -> new Float32Optimizers.Nadam(eta, config.beta1(), config.beta2(), config.epsilon(), sizes);
        };
    }

    /** Starts step t + 1 (before the updates of its slices). */
    final void beginStep() {
        t++;
    }

    /** Entries from..to−1 of tensor i: w in place from its gradient g at step {@link #t}. */
    abstract void update(int i, float[] w, float[] g, int from, int to);

    static float[][] zeros(int[] sizes) {
        float[][] state = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) state[i] = new float[sizes[i]];
        return state;
    }
}
