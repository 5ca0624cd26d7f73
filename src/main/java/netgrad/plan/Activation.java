package netgrad.plan;

import java.util.List;
import java.util.Optional;

import netgrad.expr.Definition;
import netgrad.expr.Kernel;

/**
 * A hidden layer's activation g, applied elementwise: h_k = g(a_k).
 * The plan only names the function; its value and derivative live in the engines, each of which switches on
 * {@link #kind()} with a switch expression and no {@code default}: a new kind is a compile error in every one.
 */
public sealed interface Activation {
    /**
     * The kinds of g, each with the names a spec may use for it (the first is its keyword), in the order
     * messages list them. This is the one list of activation names.
     */
    enum Kind {
        LOGISTIC("logistic", "sigmoid"),
        TANH("tanh"),
        RELU("relu"),
        LEAKY_RELU("leaky_relu"),
        IDENTITY("identity"),
        SOFTPLUS("softplus"),
        /** An activation the spec defines (issue 13): no built-in name; it resolves after the names above. */
        DEFINED();

        private final List<String> names;

        Kind(String... names) {
            this.names = List.of(names);
        }

        /** The keyword, e.g. {@code logistic} ({@code defined} for activations a spec defines). */
        public String keyword() {
            return names.isEmpty() ? "defined" : names.get(0);
        }

        /** The keyword, then its aliases. */
        public List<String> names() {
            return names;
        }

        /** True when the spec may give a parameter after the name: leaky_relu's slope. */
        public boolean takesParameter() {
            return this == LEAKY_RELU;
        }

        /** This g; {@code slope} is read only by leaky_relu. */
        public Activation make(double slope) {
            return switch (this) {
                case LOGISTIC -> new Logistic();
                case TANH -> new Tanh();
                case RELU -> new Relu();
                case LEAKY_RELU -> new LeakyRelu(slope);
                case IDENTITY -> new Identity();
                case SOFTPLUS -> new Softplus();
                case DEFINED -> throw new IllegalArgumentException("a defined activation is made from its definition");
            };
        }

        /** The kind that {@code name} (a keyword or an alias) names, if any. */
        public static Optional<Kind> named(String name) {
            for (Kind kind : values()) {
                if (kind.names.contains(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** Which g this is: what engines switch on. */
    Kind kind();

    /** The keyword used in specs, e.g. {@code logistic}. */
    default String keyword() {
        return kind().keyword();
    }

    /** g(z) = 1 / (1 + e^(−z)); spec keywords {@code logistic} and {@code sigmoid}. */
    record Logistic() implements Activation {
        public Kind kind() { return Kind.LOGISTIC; }
    }

    /** g(z) = tanh(z). */
    record Tanh() implements Activation {
        public Kind kind() { return Kind.TANH; }
    }

    /** g(z) = max(z, 0). */
    record Relu() implements Activation {
        public Kind kind() { return Kind.RELU; }
    }

    /** g(z) = z for z ≥ 0, slope·z otherwise. */
    record LeakyRelu(double slope) implements Activation {
        public Kind kind() { return Kind.LEAKY_RELU; }
    }

    /** g(z) = z. */
    record Identity() implements Activation {
        public Kind kind() { return Kind.IDENTITY; }
    }

    /** g(z) = log(1 + e^z). */
    record Softplus() implements Activation {
        public Kind kind() { return Kind.SOFTPLUS; }
    }

    /**
     * g as a spec defines it: g(z) and the g′(z) its author derived, each compiled once for whole matrices.
     * Backprop uses {@code derivative}, finite differences {@code g}, the tape the definition's elementary
     * operations.
     *
     * @param definition the definition as written (name, parameter, g, g′ and where g′ is written)
     */
    record Defined(Definition definition, Kernel g, Kernel derivative) implements Activation {
        public Defined(Definition definition) {
            this(definition, Kernel.compile(definition.body()), Kernel.compile(definition.derivative()));
        }

        public Kind kind() { return Kind.DEFINED; }

        @Override
        public String keyword() { return definition.name(); }
    }

    /** The definition of a {@link Defined} g, for the engines' DEFINED case. */
    public static Defined defined(Activation g) {
        return (Defined) g;
    }

    /** The slope s of leaky_relu, for the engines' LEAKY_RELU case (the only kind that has one). */
    static double slope(Activation g) {
        return ((LeakyRelu) g).slope();
    }

    /** True for activations with a kink at 0 (relu, leaky_relu), where finite differences are unreliable. */
    default boolean hasKink() {
        return switch (kind()) {
            case RELU, LEAKY_RELU -> true;
            case LOGISTIC, TANH, IDENTITY, SOFTPLUS -> false;
            case DEFINED -> !defined(this).definition().body().kinks().isEmpty();
        };
    }
}
