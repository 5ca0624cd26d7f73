package netgrad.plan;

import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.dsl.Ast;
import netgrad.source.Diagnostics;
import netgrad.source.Suggestions;

/**
 * The words of the language that are names rather than keywords (activations, output functions,
 * losses, init schemes), resolved with did-you-mean suggestions. The names come from the types themselves
 * ({@link Activation.Kind}, {@link OutputFunction}, {@link Loss}, {@link Init.Scheme}): a new activation is a
 * constant of {@link Activation.Kind}, not a word of the grammar, and the compiler then names every engine
 * switch that must handle it.
 */
final class Vocabulary {
    private Vocabulary() {}

    /** The default slope of {@code leaky_relu} when none is written. */
    static final double DEFAULT_LEAKY_SLOPE = 0.01;

    /** Every activation name a spec may use (keywords and aliases, from {@link Activation.Kind}). */
    static final Map<String, Activation.Kind> ACTIVATIONS = new LinkedHashMap<>();
    static final Map<String, OutputFunction> OUTPUTS = new LinkedHashMap<>();
    static final Map<String, Loss> LOSSES = new LinkedHashMap<>();
    static final Map<String, Init.Scheme> SCHEMES = new LinkedHashMap<>();
    /** Names people use elsewhere, mapped to ours, so "did you mean" can translate them. */
    static final Map<String, String> ELSEWHERE = Map.of(
            "mse", "squared_error", "l2", "squared_error", "bce", "binary_cross_entropy",
            "nll", "cross_entropy", "categorical_cross_entropy", "cross_entropy", "ce", "cross_entropy",
            "glorot", "xavier", "kaiming", "he", "normal", "random", "gaussian", "random");

    static {
        for (Activation.Kind g : Activation.Kind.values()) {
            g.names().forEach(name -> ACTIVATIONS.put(name, g));
        }
        for (OutputFunction o : OutputFunction.values()) {
            o.names().forEach(name -> OUTPUTS.put(name, o));
        }
        for (Loss l : Loss.values()) {
            LOSSES.put(l.keyword(), l);
        }
        for (Init.Scheme s : Init.Scheme.values()) {
            SCHEMES.put(s.keyword(), s);
        }
    }

    /**
     * g for a hidden layer, built-in names first and then the spec's own definitions, or null after reporting
     * (a definition with errors gives null silently: its errors are reported where it is written).
     */
    static Activation activation(Ast.ActivationRef ref, Definitions defined, Diagnostics d) {
        String name = ref.name().text();
        if (ACTIVATIONS.containsKey(name) || OUTPUTS.containsKey(name) || defined.names().isEmpty()) {
            return activation(ref, d);
        }
        if (!defined.names().contains(name)) {
            Map<String, Object> known = new LinkedHashMap<>(ACTIVATIONS);
            defined.names().forEach(n -> known.put(n, n));
            d.error(ref.name().pos(), name.length(), "unknown activation '" + name + "'" + suggestion(name, known));
            return null;
        }
        ref.parameter().ifPresent(p -> d.error(p.pos(), p.text().length(),
                "'" + name + "' takes no parameter (only leaky_relu has one, its slope)"));
        return defined.get(name);
    }

    /** g for a hidden layer, or null after reporting why the name or its parameter is wrong. */
    static Activation activation(Ast.ActivationRef ref, Diagnostics d) {
        String name = ref.name().text();
        Activation.Kind kind = ACTIVATIONS.get(name);
        if (kind == null) {
            String why = OUTPUTS.containsKey(name)
                    ? "'" + name + "' is an output function, not a hidden-layer activation (use "
                      + String.join(", ", ACTIVATIONS.keySet()) + ")"
                    : "unknown activation '" + name + "'" + suggestion(name, ACTIVATIONS);
            d.error(ref.name().pos(), name.length(), why);
            return null;
        }
        if (!kind.takesParameter()) {
            ref.parameter().ifPresent(p -> d.error(p.pos(), p.text().length(),
                    "'" + name + "' takes no parameter (only leaky_relu has one, its slope)"));
            return kind.make(0.0);
        }
        double slope = ref.parameter().map(Ast.Num::value).orElse(DEFAULT_LEAKY_SLOPE);
        if (!(slope > 0 && slope < 1)) {
            Ast.Num p = ref.parameter().orElseThrow();
            d.error(p.pos(), p.text().length(), "leaky_relu slope must be between 0 and 1, got " + p.text()
                    + " (0 would be relu, 1 the identity)");
            return null;
        }
        return kind.make(slope);
    }

    /** O for the output layer, or null after reporting. */
    static OutputFunction output(Ast.Name name, Diagnostics d) {
        OutputFunction o = OUTPUTS.get(name.text());
        if (o == null) {
            String why = ACTIVATIONS.containsKey(name.text())
                    ? "'" + name.text() + "' is a hidden-layer activation, not an output function (use softmax, "
                      + "identity or logistic)"
                    : "unknown output function '" + name.text() + "'" + suggestion(name.text(), OUTPUTS);
            d.error(name.pos(), name.text().length(), why);
        }
        return o;
    }

    static Loss loss(Ast.Name name, Diagnostics d) {
        return lookup(name, LOSSES, "loss", d);
    }

    static Init.Scheme scheme(Ast.Name name, Diagnostics d) {
        return lookup(name, SCHEMES, "initialisation", d);
    }

    /** {@code table.get(name)}, or null after "unknown KIND 'name' (did you mean ...)". */
    static <T> T lookup(Ast.Name name, Map<String, T> table, String kind, Diagnostics d) {
        T found = table.get(name.text());
        if (found == null) {
            d.error(name.pos(), name.text().length(), "unknown " + kind + " '" + name.text() + "'"
                    + suggestion(name.text(), table));
        }
        return found;
    }

    /** " (did you mean 'x'?)" when close to a known word, else " (known: a, b, c)". */
    static String suggestion(String word, Map<String, ?> table) {
        String translated = ELSEWHERE.get(word.toLowerCase(java.util.Locale.ROOT));
        if (translated != null && table.containsKey(translated)) {
            return Suggestions.didYouMean(translated);
        }
        return Suggestions.didYouMean(word, table.keySet(), " (known: " + String.join(", ", table.keySet()) + ")");
    }

    /**
     * Why an output function and a loss do not go together (null when they do): softmax with
     * cross_entropy, logistic with binary_cross_entropy, and squared_error with any output.
     */
    static String mismatch(OutputFunction output, Loss loss, int units) {
        return switch (loss) {
            case SQUARED_ERROR -> null;
            case CROSS_ENTROPY -> switch (output) {
                case SOFTMAX -> null;
                case IDENTITY -> "cross_entropy needs a probability distribution, but an identity output gives "
                        + "unbounded values; use 'output " + units + " softmax', or 'loss squared_error' for regression";
                case LOGISTIC -> "cross_entropy −Σ y_i log ŷ_i needs softmax probabilities that sum to 1; "
                        + "with a logistic output use 'loss binary_cross_entropy'";
            };
            case BINARY_CROSS_ENTROPY -> switch (output) {
                case LOGISTIC -> null;
                case SOFTMAX -> "binary_cross_entropy treats each output as an independent yes/no probability, "
                        + "but the " + units + " softmax outputs compete and sum to 1; use 'loss cross_entropy' with "
                        + "softmax, or 'output " + units + " logistic'";
                case IDENTITY -> "binary_cross_entropy needs outputs in (0, 1), but an identity output is "
                        + "unbounded; use 'output " + units + " logistic'";
            };
        };
    }
}
