package netgrad.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The language's names for use outside a spec (train's flags): the same tables the compiler resolves a spec
 * with ({@link Vocabulary}, {@link TrainingCompiler}), looked up case-insensitively, and through the names
 * people use elsewhere (Vocabulary's translations, and the course's train.py spellings below), so a flag
 * accepts every word a spec accepts and the course's {@code ReLU}, {@code Xavier}, {@code mse}.
 */
public final class Names {
    private Names() {}

    /** The course's train.py spellings that neither the language nor Vocabulary's translations have. */
    private static final Map<String, String> COURSE = Map.of(
            "mean_squared_error", "squared_error", "fashion", "fashion_mnist");

    /** The slope of leaky_relu when none is given (as in a spec). */
    public static final double DEFAULT_LEAKY_SLOPE = Vocabulary.DEFAULT_LEAKY_SLOPE;

    /** Why {@code output} and {@code loss} do not go together (the spec's message), or null. */
    public static String mismatch(OutputFunction output, Loss loss, int units) {
        return Vocabulary.mismatch(output, loss, units);
    }

    public static Optional<Activation.Kind> activation(String word) {
        return find(word, Vocabulary.ACTIVATIONS);
    }

    public static Optional<Loss> loss(String word) {
        return find(word, Vocabulary.LOSSES);
    }

    public static Optional<Init.Scheme> scheme(String word) {
        return find(word, Vocabulary.SCHEMES);
    }

    public static Optional<Training.Kind> optimizer(String word) {
        return find(word, optimizers());
    }

    /** The data set's keyword ({@code fashion_mnist} or {@code mnist}). */
    public static Optional<String> dataset(String word) {
        return find(word, datasets());
    }

    public static List<String> activations() {
        return List.copyOf(Vocabulary.ACTIVATIONS.keySet());
    }

    public static List<String> losses() {
        return List.copyOf(Vocabulary.LOSSES.keySet());
    }

    public static List<String> schemes() {
        return List.copyOf(Vocabulary.SCHEMES.keySet());
    }

    public static List<String> optimizerNames() {
        return List.copyOf(optimizers().keySet());
    }

    public static List<String> datasetNames() {
        return List.copyOf(TrainingCompiler.DATASETS.keySet());
    }

    /** The optimizers a hyper-parameter setting ({@code momentum}, {@code beta}, …) applies to; all for others. */
    public static Set<Training.Kind> usedBy(String setting) {
        return TrainingCompiler.USED_BY.getOrDefault(setting, Set.of(Training.Kind.values()));
    }

    private static Map<String, Training.Kind> optimizers() {
        Map<String, Training.Kind> table = new java.util.LinkedHashMap<>();
        for (Training.Kind k : Training.Kind.values()) {
            table.put(k.keyword(), k);
        }
        return table;
    }

    private static Map<String, String> datasets() {
        Map<String, String> table = new java.util.LinkedHashMap<>();
        TrainingCompiler.DATASETS.keySet().forEach(name -> table.put(name, name));
        return table;
    }

    /** {@code word} in {@code table}, ignoring case, else through the translations of names used elsewhere. */
    private static <T> Optional<T> find(String word, Map<String, T> table) {
        String lower = word.toLowerCase(Locale.ROOT);
        List<String> tries = new ArrayList<>(List.of(lower));
        Optional.ofNullable(Vocabulary.ELSEWHERE.get(lower)).ifPresent(tries::add);
        Optional.ofNullable(COURSE.get(lower)).ifPresent(tries::add);
        return tries.stream().filter(table::containsKey).findFirst().map(table::get);
    }
}
