package netgrad.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netgrad.dsl.Ast;
import netgrad.source.Diagnostics;
import netgrad.source.Suggestions;

/**
 * Checks a {@code train { ... }} block and fills in defaults: data set fashion_mnist, optimizer sgd,
 * learning rate 0.001 for rmsprop/adam/nadam and 0.01 otherwise, batch size 32, 10 epochs, validation
 * fraction 0.1, no anneal ({@code anneal true}: halve η after an epoch whose validation loss went up; it needs a
 * validation set), and the optimizer's own defaults ({@link Training.Optimizer#defaults}).
 */
final class TrainingCompiler {
    /** Image data sets the train command knows: inputs (pixels) and classes. */
    static final Map<String, int[]> DATASETS = new LinkedHashMap<>();
    static final int MAX_BATCH = 1_000_000;
    static final int MAX_EPOCHS = 100_000;

    private static final List<String> KEYS = List.of("dataset", "optimizer", "learning_rate", "batch_size", "epochs",
            "validation", "anneal", "momentum", "beta", "beta1", "beta2", "epsilon");
    /** The values of an on/off setting ({@code anneal true}). */
    private static final Map<String, Boolean> SWITCH = switches();

    private static Map<String, Boolean> switches() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("true", true);
        m.put("false", false);
        return m;
    }
    private static final Map<String, String> ELSEWHERE = Map.of("lr", "learning_rate", "batch", "batch_size",
            "validation_fraction", "validation", "val", "validation", "eps", "epsilon", "gamma", "momentum",
            "data", "dataset");
    /** Which optimizers use each hyper-parameter. */
    static final Map<String, Set<Training.Kind>> USED_BY = Map.of(
            "momentum", Set.of(Training.Kind.MOMENTUM, Training.Kind.NAG),
            "beta", Set.of(Training.Kind.RMSPROP),
            "beta1", Set.of(Training.Kind.ADAM, Training.Kind.NADAM),
            "beta2", Set.of(Training.Kind.ADAM, Training.Kind.NADAM),
            "epsilon", Set.of(Training.Kind.RMSPROP, Training.Kind.ADAM, Training.Kind.NADAM));

    static {
        DATASETS.put("fashion_mnist", new int[] {784, 10});
        DATASETS.put("mnist", new int[] {784, 10});
    }

    private final Diagnostics d;
    private boolean ok = true;

    TrainingCompiler(Diagnostics diagnostics) {
        this.d = diagnostics;
    }

    /**
     * The training block, or null after reporting errors. {@code inputSize} and {@code layers} (null or
     * −1 when invalid) are checked against the data set's image size and class count.
     */
    Training compile(Ast.Train train, int inputSize, List<Layer> layers) {
        Map<String, Ast.Setting> given = new LinkedHashMap<>();
        for (Ast.Setting s : train.settings()) {
            String key = s.key().text();
            if (!KEYS.contains(key)) {
                String translated = ELSEWHERE.get(key);
                fail(s.key().pos(), key, "unknown training setting '" + key + "'" + (translated != null
                        ? Suggestions.didYouMean(translated) : Vocabulary.suggestion(key, asTable(KEYS))));
            } else if (given.containsKey(key)) {
                fail(s.key().pos(), key, "duplicate '" + key + "' (already given at line "
                        + given.get(key).key().pos().line() + ")");
            } else {
                given.put(key, s);
            }
        }
        String dataset = name(given.get("dataset"), "fashion_mnist", asTable(DATASETS.keySet()), "data set");
        Map<String, Training.Kind> kinds = new LinkedHashMap<>();
        for (Training.Kind k : Training.Kind.values()) {
            kinds.put(k.keyword(), k);
        }
        String kindName = name(given.get("optimizer"), "sgd", kinds, "optimizer");
        Training.Kind kind = kinds.get(kindName);
        Training.Optimizer defaults = Training.Optimizer.defaults(kind == null ? Training.Kind.SGD : kind);
        boolean adaptive = kind == Training.Kind.RMSPROP || kind == Training.Kind.ADAM || kind == Training.Kind.NADAM;
        double eta = number(given.get("learning_rate"), adaptive ? 0.001 : 0.01, 0, false, Double.MAX_VALUE, "learning_rate");
        double batch = whole(given.get("batch_size"), 32, MAX_BATCH);
        double epochs = whole(given.get("epochs"), 10, MAX_EPOCHS);
        double validation = number(given.get("validation"), 0.1, 0, true, 1, "validation");
        String annealName = name(given.get("anneal"), "false", SWITCH, "anneal value");
        boolean anneal = "true".equals(annealName);
        if (anneal && validation == 0) {
            Ast.Setting s = given.get("anneal");
            fail(s.key().pos(), "anneal", "'anneal true' watches the validation loss, but 'validation 0' holds none"
                    + " out");
        }
        for (Map.Entry<String, Set<Training.Kind>> use : USED_BY.entrySet()) {
            Ast.Setting s = given.get(use.getKey());
            if (s != null && kind != null && !use.getValue().contains(kind)) {
                fail(s.key().pos(), use.getKey(), "'" + use.getKey() + "' does not apply to optimizer " + kindName
                        + " (it is used by " + users(use.getValue()) + ")");
            }
        }
        Training.Optimizer optimizer = new Training.Optimizer(kind == null ? Training.Kind.SGD : kind,
                number(given.get("momentum"), defaults.momentum(), 0, true, 1, "momentum"),
                number(given.get("beta"), defaults.beta(), 0, true, 1, "beta"),
                number(given.get("beta1"), defaults.beta1(), 0, true, 1, "beta1"),
                number(given.get("beta2"), defaults.beta2(), 0, true, 1, "beta2"),
                number(given.get("epsilon"), defaults.epsilon(), 0, false, 1, "epsilon"));
        checkShape(given.get("dataset"), train, dataset, inputSize, layers);
        return ok ? new Training(dataset, optimizer, eta, (int) batch, (int) epochs, validation, anneal, train.pos())
                : null;
    }

    /** The data set's images must fit the input layer and its classes the output layer. */
    private void checkShape(Ast.Setting where, Ast.Train train, String dataset, int inputSize, List<Layer> layers) {
        int[] shape = DATASETS.get(dataset);
        if (shape == null) {
            return;
        }
        netgrad.source.SourcePos pos = where == null ? train.pos() : where.value().pos();
        int length = where == null ? "train".length() : where.value().text().length();
        if (inputSize > 0 && inputSize != shape[0]) {
            fail(pos, length, "data set " + dataset + " has " + shape[0] + " inputs (28x28 pixels), but the network's "
                    + "input size is " + inputSize);
        }
        if (layers != null && !layers.isEmpty() && layers.get(layers.size() - 1).units() != shape[1]) {
            fail(pos, length, "data set " + dataset + " has " + shape[1] + " classes, but the output layer has "
                    + layers.get(layers.size() - 1).units() + " units");
        }
    }

    /** A name-valued setting resolved in {@code table}, or its default when absent. */
    private String name(Ast.Setting s, String fallback, Map<String, ?> table, String kind) {
        if (s == null) {
            return fallback;
        }
        if (!(s.value() instanceof Ast.NameValue value)) {
            fail(s.value().pos(), s.value().text(), "'" + s.key().text() + "' needs a name (" + String.join(", ",
                    table.keySet()) + "), got " + s.value().text());
            return null;
        }
        String text = value.name().text();
        if (!table.containsKey(text)) {
            fail(value.pos(), text, "unknown " + kind + " '" + text + "'" + Vocabulary.suggestion(text, table));
            return null;
        }
        return text;
    }

    /**
     * A number-valued setting, or its default when absent; it must be finite and in [low, high)
     * (or (low, high) when {@code lowIncluded} is false).
     */
    private double number(Ast.Setting s, double fallback, double low, boolean lowIncluded, double high, String key) {
        if (s == null) {
            return fallback;
        }
        if (!(s.value() instanceof Ast.NumberValue value)) {
            fail(s.value().pos(), s.value().text(), "'" + key + "' needs a number, got '" + s.value().text() + "'");
            return fallback;
        }
        double x = value.number().value();
        boolean aboveLow = lowIncluded ? x >= low : x > low;
        if (!(aboveLow && x < high && Double.isFinite(x))) {
            String range = high == Double.MAX_VALUE ? "a number > " + fmt(low)
                    : "in " + (lowIncluded ? "[" : "(") + fmt(low) + ", " + fmt(high) + ")";
            fail(value.pos(), value.text(), key + " must be " + range + ", got " + value.text());
            return fallback;
        }
        return x;
    }

    /** A whole-number setting from 1 to {@code max}, or its default when absent. */
    private double whole(Ast.Setting s, int fallback, int max) {
        if (s == null) {
            return fallback;
        }
        String key = s.key().text();
        if (s.value() instanceof Ast.NumberValue value && value.number().isWhole()
                && value.number().value() >= 1 && value.number().value() <= max) {
            return value.number().value();
        }
        fail(s.value().pos(), s.value().text(), String.format(java.util.Locale.ROOT, "%s must be a whole number from 1 to %,d, got %s",
                key, max, s.value().text()));
        return fallback;
    }

    private static String users(Set<Training.Kind> kinds) {
        return String.join(" and ", kinds.stream().sorted().map(Training.Kind::keyword).toList());
    }

    private static Map<String, Boolean> asTable(java.util.Collection<String> words) {
        Map<String, Boolean> table = new LinkedHashMap<>();
        words.forEach(w -> table.put(w, true));
        return table;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private void fail(netgrad.source.SourcePos pos, String underlined, String message) {
        fail(pos, underlined.codePointCount(0, underlined.length()), message);
    }

    private void fail(netgrad.source.SourcePos pos, int length, String message) {
        d.error(pos, length, message);
        ok = false;
    }
}
