package netgrad.plan;

import netgrad.source.SourcePos;

/**
 * The optional training block of a spec, with defaults filled in by the compiler.
 *
 * @param dataset            {@code fashion_mnist} or {@code mnist}
 * @param optimizer          the update rule and its hyper-parameters
 * @param learningRate       η &gt; 0
 * @param batchSize          examples per step, ≥ 1
 * @param epochs             passes over the training set, ≥ 1
 * @param validationFraction share of the training set held out, in [0, 1)
 * @param anneal             the course's anneal: η ← η/2 after every epoch whose validation loss went up
 */
public record Training(String dataset, Optimizer optimizer, double learningRate, int batchSize, int epochs,
                       double validationFraction, boolean anneal, SourcePos pos) {

    /** A training block that does not anneal. */
    public Training(String dataset, Optimizer optimizer, double learningRate, int batchSize, int epochs,
                    double validationFraction, SourcePos pos) {
        this(dataset, optimizer, learningRate, batchSize, epochs, validationFraction, false, pos);
    }

    /** The same block with {@code anneal} set as given. */
    public Training withAnneal(boolean anneal) {
        return new Training(dataset, optimizer, learningRate, batchSize, epochs, validationFraction, anneal, pos);
    }

    /** The course's optimizers. */
    public enum Kind {
        SGD("sgd"), MOMENTUM("momentum"), NAG("nag"), RMSPROP("rmsprop"), ADAM("adam"), NADAM("nadam");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /**
     * @param momentum γ for momentum and nag
     * @param beta     β for rmsprop
     * @param beta1    β₁ for adam and nadam
     * @param beta2    β₂ for adam and nadam
     * @param epsilon  ε added to denominators
     */
    public record Optimizer(Kind kind, double momentum, double beta, double beta1, double beta2, double epsilon) {
        public static Optimizer defaults(Kind kind) {
            return new Optimizer(kind, 0.9, 0.9, 0.9, 0.999, 1e-8);
        }
    }
}
