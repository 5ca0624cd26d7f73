package netgrad.plan;

/**
 * A hidden layer's activation g, applied elementwise: h_k = g(a_k).
 * The plan only names the function; its value and derivative live in the engines.
 */
public sealed interface Activation {
    /** The keyword used in specs, e.g. {@code logistic}. */
    String keyword();

    /** g(z) = 1 / (1 + e^(−z)); spec keywords {@code logistic} and {@code sigmoid}. */
    record Logistic() implements Activation {
        public String keyword() { return "logistic"; }
    }

    /** g(z) = tanh(z). */
    record Tanh() implements Activation {
        public String keyword() { return "tanh"; }
    }

    /** g(z) = max(z, 0). */
    record Relu() implements Activation {
        public String keyword() { return "relu"; }
    }

    /** g(z) = z for z ≥ 0, slope·z otherwise. */
    record LeakyRelu(double slope) implements Activation {
        public String keyword() { return "leaky_relu"; }
    }

    /** g(z) = z. */
    record Identity() implements Activation {
        public String keyword() { return "identity"; }
    }

    /** g(z) = log(1 + e^z). */
    record Softplus() implements Activation {
        public String keyword() { return "softplus"; }
    }

    /** True for activations with a kink at 0 (relu, leaky_relu), where finite differences are unreliable. */
    default boolean hasKink() {
        return this instanceof Relu || this instanceof LeakyRelu;
    }
}
