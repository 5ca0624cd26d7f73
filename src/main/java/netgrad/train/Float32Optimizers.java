package netgrad.train;

/**
 * The six rules of {@link Optimizers} in float32 (see {@link Float32Optimizer}); the same notation: w a parameter,
 * g_t = ∇w L at step t, η the learning rate, elementwise, state starting at zero. Every loop is float arithmetic
 * only (√ of a float is float: C2's SqrtF), so the JIT vectorizes it.
 */
final class Float32Optimizers {
    private Float32Optimizers() {}

    /** w_{t+1} = w_t − η g_t. */
    static final class Sgd extends Float32Optimizer {
        Sgd(double eta) {
            super(eta);
        }

        @Override
        void update(int i, float[] w, float[] g, int from, int to) {
            for (int j = from; j < to; j++) {
                w[j] = w[j] - eta * g[j];
            }
        }
    }

    /** u_t = γ u_{t−1} + η g_t;  w_{t+1} = w_t − u_t. */
    static final class Momentum extends Float32Optimizer {
        private final float gamma;
        private final float[][] u;

        Momentum(double eta, double gamma, int[] sizes) {
            super(eta);
            this.gamma = (float) gamma;
            this.u = zeros(sizes);
        }

        @Override
        void update(int i, float[] w, float[] g, int from, int to) {
            float[] ui = u[i];
            for (int j = from; j < to; j++) {
                ui[j] = gamma * ui[j] + eta * g[j];
                w[j] = w[j] - ui[j];
            }
        }
    }

    /** Nesterov on the look-ahead point (see {@link Optimizers.Nag}): u_t = γ u_{t−1} + η g_t;  w̃ ← w̃ − γ u_t − η g_t. */
    static final class Nag extends Float32Optimizer {
        private final float gamma;
        private final float[][] u;

        Nag(double eta, double gamma, int[] sizes) {
            super(eta);
            this.gamma = (float) gamma;
            this.u = zeros(sizes);
        }

        @Override
        void update(int i, float[] w, float[] g, int from, int to) {
            float[] ui = u[i];
            for (int j = from; j < to; j++) {
                ui[j] = gamma * ui[j] + eta * g[j];
                w[j] = w[j] - (gamma * ui[j] + eta * g[j]);
            }
        }
    }

    /** v_t = β v_{t−1} + (1 − β) g_t²;  w_{t+1} = w_t − η g_t / (√v_t + ε). */
    static final class RmsProp extends Float32Optimizer {
        private final float beta;
        private final float epsilon;
        private final float[][] v;

        RmsProp(double eta, double beta, double epsilon, int[] sizes) {
            super(eta);
            this.beta = (float) beta;
            this.epsilon = (float) epsilon;
            this.v = zeros(sizes);
        }

        @Override
        void update(int i, float[] w, float[] g, int from, int to) {
            float[] vi = v[i];
            float rest = 1 - beta;
            for (int j = from; j < to; j++) {
                vi[j] = beta * vi[j] + rest * g[j] * g[j];
                w[j] = w[j] - eta * g[j] / ((float) Math.sqrt(vi[j]) + epsilon);
            }
        }
    }

    /**
     * m_t = β₁ m_{t−1} + (1 − β₁) g_t;  v_t = β₂ v_{t−1} + (1 − β₂) g_t²;
     * w_{t+1} = w_t − η m̂_t / (√v̂_t + ε),  m̂_t = m_t / (1 − β₁ᵗ),  v̂_t = v_t / (1 − β₂ᵗ).
     */
    static class Adam extends Float32Optimizer {
        final float beta1;
        final float beta2;
        final float epsilon;
        final double beta1d;
        final double beta2d;
        final float[][] m;
        final float[][] v;

        Adam(double eta, double beta1, double beta2, double epsilon, int[] sizes) {
            super(eta);
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            this.beta1d = beta1;
            this.beta2d = beta2;
            this.epsilon = (float) epsilon;
            this.m = zeros(sizes);
            this.v = zeros(sizes);
        }

        @Override
        void update(int i, float[] w, float[] g, int from, int to) {
            float[] mi = m[i], vi = v[i];
            float c1 = (float) (1 / (1 - Math.pow(beta1d, t)));                     // 1/(1 − β₁ᵗ), in double
            float c2 = (float) (1 / (1 - Math.pow(beta2d, t)));
            float rest1 = 1 - beta1, rest2 = 1 - beta2;
            for (int j = from; j < to; j++) {
                mi[j] = beta1 * mi[j] + rest1 * g[j];
                vi[j] = beta2 * vi[j] + rest2 * g[j] * g[j];
                w[j] = w[j] - eta * (mi[j] * c1) / ((float) Math.sqrt(vi[j] * c2) + epsilon);
            }
        }
    }

    /** Nadam: m, v, m̂, v̂ as in Adam; w_{t+1} = w_t − η / (√v̂_t + ε) · (β₁ m̂_t + (1 − β₁) g_t / (1 − β₁ᵗ)). */
    static final class Nadam extends Adam {
        Nadam(double eta, double beta1, double beta2, double epsilon, int[] sizes) {
            super(eta, beta1, beta2, epsilon, sizes);
        }

        @Override
        void update(int i, float[] w, float[] g, int from, int to) {
            float[] mi = m[i], vi = v[i];
            float c1 = (float) (1 / (1 - Math.pow(beta1d, t)));
            float c2 = (float) (1 / (1 - Math.pow(beta2d, t)));
            float rest1 = 1 - beta1, rest2 = 1 - beta2;
            for (int j = from; j < to; j++) {
                mi[j] = beta1 * mi[j] + rest1 * g[j];
                vi[j] = beta2 * vi[j] + rest2 * g[j] * g[j];
                float lookAhead = beta1 * mi[j] * c1 + rest1 * g[j] * c1;
                w[j] = w[j] - eta * lookAhead / ((float) Math.sqrt(vi[j] * c2) + epsilon);
            }
        }
    }
}
