package netgrad.train;

/**
 * The course's six update rules. Notation: w a parameter, g_t = ∇w L at step t, η the learning rate,
 * all operations elementwise; state (u, v, m) starts at zero.
 */
final class Optimizers {
    private Optimizers() {}

    /** Vanilla gradient descent: w_{t+1} = w_t − η g_t. */
    static final class Sgd extends Optimizer {
        Sgd(double eta) {
            super(eta);
        }

        @Override
        public void update(int i, double[] w, double[] g, int from, int to) {
            for (int j = from; j < to; j++) {
                w[j] -= eta * g[j];
            }
        }
    }

    /** Momentum: u_t = γ u_{t−1} + η g_t;  w_{t+1} = w_t − u_t. */
    static final class Momentum extends Optimizer {
        private final double gamma;
        private final double[][] u;

        Momentum(double eta, double gamma, int[] sizes) {
            super(eta);
            this.gamma = gamma;
            this.u = zeros(sizes);
        }

        @Override
        public void update(int i, double[] w, double[] g, int from, int to) {
            double[] ui = u[i];
            for (int j = from; j < to; j++) {
                ui[j] = gamma * ui[j] + eta * g[j];
                w[j] -= ui[j];
            }
        }
    }

    /**
     * Nesterov accelerated gradient. The lecture's rule evaluates the gradient at the look-ahead point:
     * u_t = γ u_{t−1} + η ∇L(w_t − γ u_{t−1});  w_{t+1} = w_t − u_t.
     * We store the look-ahead point w̃_t = w_t − γ u_{t−1} as the parameters (so the gradient the training
     * loop computes at the stored parameters is exactly ∇L(w̃_t)); substituting gives the equivalent rule
     * u_t = γ u_{t−1} + η g_t;  w̃_{t+1} = w̃_t − γ u_t − η g_t,
     * with g_t = ∇L(w̃_t). (w̃_{t+1} = w_{t+1} − γu_t = w_t − (1+γ)u_t = w̃_t + γu_{t−1} − (1+γ)u_t.)
     */
    static final class Nag extends Optimizer {
        private final double gamma;
        private final double[][] u;

        Nag(double eta, double gamma, int[] sizes) {
            super(eta);
            this.gamma = gamma;
            this.u = zeros(sizes);
        }

        @Override
        public void update(int i, double[] w, double[] g, int from, int to) {
            double[] ui = u[i];
            for (int j = from; j < to; j++) {
                ui[j] = gamma * ui[j] + eta * g[j];
                w[j] -= gamma * ui[j] + eta * g[j];
            }
        }
    }

    /** RMSProp: v_t = β v_{t−1} + (1 − β) g_t²;  w_{t+1} = w_t − η g_t / (√v_t + ε)  (ε outside the root, as in Adam). */
    static final class RmsProp extends Optimizer {
        private final double beta;
        private final double epsilon;
        private final double[][] v;

        RmsProp(double eta, double beta, double epsilon, int[] sizes) {
            super(eta);
            this.beta = beta;
            this.epsilon = epsilon;
            this.v = zeros(sizes);
        }

        @Override
        public void update(int i, double[] w, double[] g, int from, int to) {
            double[] vi = v[i];
            for (int j = from; j < to; j++) {
                vi[j] = beta * vi[j] + (1 - beta) * g[j] * g[j];
                w[j] -= eta * g[j] / (Math.sqrt(vi[j]) + epsilon);
            }
        }
    }

    /**
     * Adam with bias correction: m_t = β₁ m_{t−1} + (1 − β₁) g_t;  v_t = β₂ v_{t−1} + (1 − β₂) g_t²;
     * m̂_t = m_t / (1 − β₁ᵗ);  v̂_t = v_t / (1 − β₂ᵗ);  w_{t+1} = w_t − η m̂_t / (√v̂_t + ε).
     */
    static class Adam extends Optimizer {
        final double beta1;
        final double beta2;
        final double epsilon;
        final double[][] m;
        final double[][] v;

        Adam(double eta, double beta1, double beta2, double epsilon, int[] sizes) {
            super(eta);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.m = zeros(sizes);
            this.v = zeros(sizes);
        }

        @Override
        public void update(int i, double[] w, double[] g, int from, int to) {
            double[] mi = m[i];
            double[] vi = v[i];
            double c1 = 1 / (1 - Math.pow(beta1, t));
            double c2 = 1 / (1 - Math.pow(beta2, t));
            for (int j = from; j < to; j++) {
                mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
                vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j];
                w[j] -= eta * (mi[j] * c1) / (Math.sqrt(vi[j] * c2) + epsilon);
            }
        }
    }

    /**
     * Nadam (Dozat 2016, in the form Keras and the course assignment use): m_t, v_t, m̂_t, v̂_t as in Adam, then
     * w_{t+1} = w_t − η / (√v̂_t + ε) · (β₁ m̂_t + (1 − β₁) g_t / (1 − β₁ᵗ)),
     * Nesterov's look-ahead applied to the first moment.
     */
    static final class Nadam extends Adam {
        Nadam(double eta, double beta1, double beta2, double epsilon, int[] sizes) {
            super(eta, beta1, beta2, epsilon, sizes);
        }

        @Override
        public void update(int i, double[] w, double[] g, int from, int to) {
            double[] mi = m[i];
            double[] vi = v[i];
            double c1 = 1 / (1 - Math.pow(beta1, t));
            double c2 = 1 / (1 - Math.pow(beta2, t));
            for (int j = from; j < to; j++) {
                mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
                vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j];
                double lookAhead = beta1 * mi[j] * c1 + (1 - beta1) * g[j] * c1;
                w[j] -= eta * lookAhead / (Math.sqrt(vi[j] * c2) + epsilon);
            }
        }
    }
}
