package netgrad.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import netgrad.dsl.Ast;
import netgrad.source.Diagnostics;
import netgrad.source.SourceText;
import netgrad.dsl.SpecParser;
import netgrad.source.Suggestions;

/**
 * The compiler: a spec's syntax tree → an immutable {@link Plan} in the lecture's notation (layers
 * k = 1..L, W_k of n_k × n_{k−1}, b_k of n_k, g_k for k &lt; L, O at L, loss, decay, init). It checks
 * everything a parser cannot (names, sizes, duplicates, order, output/loss pairing, parameter count)
 * and reports every problem of the file, not just the first.
 */
public final class Compiler {
    /** Larger counts in {@code repeat} are refused (the expansion would be absurd). */
    public static final int MAX_REPEAT = 1000;
    /** More layers than this are refused before any are built. */
    public static final int MAX_LAYERS = 1000;
    /** Default initialisation when a spec has no {@code init}: xavier with seed 0. */
    public static final Init DEFAULT_INIT = Init.xavier(0);
    /** Default standard deviation of {@code init random} without {@code scale}. */
    public static final double DEFAULT_RANDOM_SCALE = 0.01;

    private static final List<String> STATEMENTS =
            List.of("input", "hidden", "output", "loss", "init", "decay", "repeat", "train");

    private final Diagnostics d;
    /** The activations the spec defines (issue 13), resolved before the network. */
    private Definitions defined;
    /** The names hidden layers use, for the unused-definition warning. */
    private final java.util.Set<String> usedActivations = new java.util.HashSet<>();
    /** Set once the layers exceed {@link #MAX_LAYERS}, so that is reported once. */
    private boolean tooDeep;

    private Compiler(Diagnostics diagnostics) {
        this.d = diagnostics;
    }

    /** Reads, parses and compiles the spec at {@code path}; never throws for bad input. */
    public static Compilation load(Path path) {
        Diagnostics diagnostics = new Diagnostics(path.toString());
        SourceText source = SourceText.read(path, diagnostics);
        if (source == null) {
            return new Compilation(null, null, diagnostics.list());
        }
        return compile(source, diagnostics);
    }

    /** Reads, parses and compiles a spec from standard input ({@code in}), named {@code <stdin>} in diagnostics. */
    public static Compilation load(java.io.InputStream in) {
        Diagnostics diagnostics = new Diagnostics(SourceText.STDIN);
        SourceText source = SourceText.read(in, diagnostics);
        if (source == null) {
            return new Compilation(null, null, diagnostics.list());
        }
        return compile(source, diagnostics);
    }

    /** Parses and compiles {@code text}, naming it {@code file} in diagnostics. */
    public static Compilation compile(String file, String text) {
        return compile(new SourceText(file, text), new Diagnostics(file));
    }

    private static Compilation compile(SourceText source, Diagnostics diagnostics) {
        Ast.Network network = SpecParser.parse(source, diagnostics);
        Plan plan = network == null ? null : compile(network, diagnostics);
        return new Compilation(source, diagnostics.hasErrors() ? null : plan, diagnostics.list(),
                diagnostics.warnings());
    }

    /** Checks {@code network} and builds its plan, or returns null after adding every error to {@code diagnostics}. */
    public static Plan compile(Ast.Network network, Diagnostics diagnostics) {
        return new Compiler(diagnostics).network(network);
    }

    private Plan network(Ast.Network net) {
        defined = Definitions.resolve(net.definitions(), d);
        Ast.Input input = null;
        Ast.Output output = null;
        Ast.LossDecl loss = null;
        Ast.InitDecl init = null;
        Ast.Decay decay = null;
        Ast.Train train = null;
        boolean unknown = false;
        List<Ast.Statement> drafts = new ArrayList<>();
        for (Ast.Statement s : net.statements()) {
            if (s instanceof Ast.Input i) {
                input = once(input, i);
                if (!drafts.isEmpty() && input == i) {
                    error(i.pos(), "input", "'input' must come before the layers (the first layer is at line "
                            + drafts.get(0).pos().line() + ")");
                }
            } else if (s instanceof Ast.Hidden || s instanceof Ast.Repeat) {
                layer(s, output, drafts);
            } else if (s instanceof Ast.Output o) {
                output = once(output, o);
                if (output == o) {
                    drafts.add(o);
                }
            } else if (s instanceof Ast.LossDecl l) {
                loss = once(loss, l);
            } else if (s instanceof Ast.InitDecl i) {
                init = once(init, i);
            } else if (s instanceof Ast.Decay dc) {
                decay = once(decay, dc);
            } else if (s instanceof Ast.Train t) {
                train = once(train, t);
            } else if (s instanceof Ast.Unknown u) {
                unknownStatement(u, "a network block holds " + String.join(", ", STATEMENTS));
                unknown = true;
            }
        }
        // A misspelt statement is probably the missing one: do not report it twice.
        if (!unknown) {
            if (input == null) {
                missing(net, "missing 'input' (the input size n0, for example 'input 4')");
            }
            if (output == null) {
                missing(net, "missing output layer (for example 'output 10 softmax')");
            }
            if (loss == null) {
                missing(net, "missing 'loss' (for example 'loss cross_entropy')");
            }
        }
        int n0 = input == null ? -1 : size(input.size(), "input size");
        List<Layer> layers = layers(drafts, n0);
        if (!d.hasErrors()) {
            defined.warnUnused(usedActivations); // with errors, "unused" is usually their echo
        }
        Loss lossFn = loss == null ? null : Vocabulary.loss(loss.loss(), d);
        // Checked even when other layers are wrong, so one run reports it too.
        OutputFunction function = output == null ? null : Vocabulary.OUTPUTS.get(output.function().text());
        Ast.Num width = output == null ? null : output.width();
        if (function != null && lossFn != null && width.isWhole() && width.value() >= 1
                && width.value() <= Plan.MAX_PARAMETERS) {
            String why = Vocabulary.mismatch(function, lossFn, (int) width.value());
            if (why != null) {
                error(loss.loss().pos(), loss.loss().text(), why);
            }
        }
        Init initPlan = init == null ? DEFAULT_INIT : init(init);
        double lambda = decay == null ? 0 : decay(decay);
        Optional<Training> training = train == null ? Optional.empty()
                : Optional.ofNullable(new TrainingCompiler(d).compile(train, n0, layers));
        if (d.hasErrors() || n0 < 0 || layers == null || lossFn == null || initPlan == null) {
            return null;
        }
        return new Plan(net.name().text(), net.pos(), n0, layers, lossFn, lambda, initPlan, training);
    }

    /** Adds a hidden layer or repeat block, unless it follows the output layer. */
    private void layer(Ast.Statement s, Ast.Output output, List<Ast.Statement> drafts) {
        if (output != null) {
            error(s.pos(), s.keyword(), "layer after the output layer (line " + output.pos().line()
                    + "); the output layer must be the last");
            return;
        }
        long count = s instanceof Ast.Repeat r ? layersIn(r) : 1;
        if (count < 0 || tooDeep) {
            return;
        }
        if (drafts.size() + count >= MAX_LAYERS) { // the output layer needs one more
            tooDeep = true;
            error(s.pos(), s.keyword(), String.format(java.util.Locale.ROOT,
                    "with this %s the network has more than %,d layers, the most it may have",
                    s instanceof Ast.Repeat ? "repeat block" : "layer", MAX_LAYERS));
        } else if (s instanceof Ast.Repeat r) {
            expand(r, drafts);
        } else {
            drafts.add(s);
        }
    }

    /** The number of layers a repeat block expands to (saturating), or −1 after reporting a bad count or statement. */
    private long layersIn(Ast.Repeat r) {
        long perPass = 0;
        boolean ok = true;
        for (Ast.Statement s : r.statements()) {
            if (s instanceof Ast.Hidden) {
                perPass++;
            } else if (s instanceof Ast.Repeat inner) {
                long n = layersIn(inner);
                ok &= n >= 0;
                perPass = Math.min(perPass + Math.max(n, 0), MAX_LAYERS + 1L); // saturate: no overflow
            } else if (s instanceof Ast.Unknown u) {
                unknownStatement(u, "a repeat block holds hidden layers and repeat blocks");
                ok = false;
            } else {
                error(s.pos(), s.keyword(), "'" + s.keyword() + "' cannot be repeated; a repeat block holds "
                        + "only hidden layers and repeat blocks");
                ok = false;
            }
        }
        Ast.Num count = r.count();
        if (!count.isWhole() || count.value() < 1 || count.value() > MAX_REPEAT) {
            error(count.pos(), count.text(), "repeat count must be a whole number from 1 to " + MAX_REPEAT
                    + ", got " + count.text());
            return -1;
        }
        if (perPass == 0 && ok) {
            error(r.pos(), "repeat", "empty repeat block; put hidden layers inside it");
            return -1;
        }
        return ok ? Math.min(perPass * (long) count.value(), MAX_LAYERS + 1L) : -1;
    }

    private void expand(Ast.Repeat r, List<Ast.Statement> drafts) {
        for (int pass = 0; pass < (int) r.count().value(); pass++) {
            for (Ast.Statement s : r.statements()) {
                if (s instanceof Ast.Repeat inner) {
                    expand(inner, drafts);
                } else {
                    drafts.add(s);
                }
            }
        }
    }

    /** Resolves sizes and functions: layers k = 1..L with their fan-in, or null after errors. */
    private List<Layer> layers(List<Ast.Statement> drafts, int n0) {
        List<Layer> layers = new ArrayList<>();
        boolean ok = n0 > 0;
        int fanIn = n0;
        long total = 0;
        boolean reportedSize = false;
        for (Ast.Statement draft : drafts) {
            int k = layers.size() + 1;
            Layer layer;
            if (draft instanceof Ast.Hidden h) {
                int width = size(h.width(), "layer width");
                Activation g = Vocabulary.activation(h.activation(), defined, d);
                usedActivations.add(h.activation().name().text());
                List<Operation> operations = operations(h, g);
                layer = width > 0 && operations != null ? new Layer.Hidden(k, fanIn, width, operations, h.pos()) : null;
            } else {
                Ast.Output o = (Ast.Output) draft;
                int width = size(o.width(), "layer width");
                OutputFunction f = Vocabulary.output(o.function(), d);
                if (f == OutputFunction.SOFTMAX && width == 1) {
                    error(o.width().pos(), o.width().text(), "softmax over 1 unit always outputs 1, so nothing can "
                            + "be learnt; use 2 or more units, or 'output 1 logistic' with binary_cross_entropy");
                    f = null;
                }
                layer = width > 0 && f != null ? new Layer.Output(k, fanIn, width, f, o.pos()) : null;
            }
            if (layer == null) {
                ok = false;
                fanIn = 1;
                layers.add(new Layer.Hidden(k, 1, 1, new Activation.Identity(), draft.pos()));
                continue;
            }
            fanIn = layer.units();
            layers.add(layer);
            total = Math.min(total + (long) layer.units() * (Math.max(layer.fanIn(), 0) + 1), Long.MAX_VALUE / 2);
            if (ok && total > Plan.MAX_PARAMETERS && !reportedSize) {
                error(layer.pos(), draft.keyword(), String.format(java.util.Locale.ROOT, "layer %d brings the parameter count "
                        + "to %,d, over the limit of %,d (W%d alone is %dx%d)", k, total, Plan.MAX_PARAMETERS,
                        k, layer.units(), layer.fanIn()));
                reportedSize = true;
            }
        }
        return ok && !reportedSize && !layers.isEmpty() && layers.get(layers.size() - 1) instanceof Layer.Output
                ? layers : null;
    }

    /**
     * A hidden layer's operations from its activation and options, in the order the layer applies them whatever
     * the order written: batch norm (on a_k), g, dropout (on h_k); null after reporting an error.
     */
    private List<Operation> operations(Ast.Hidden h, Activation g) {
        Operation.Normalize norm = null;
        Operation.Drop drop = null;
        Ast.LayerOption previous = null;
        boolean ok = g != null;
        for (Ast.LayerOption option : h.options()) {
            String key = option.key().text();
            Ast.Num value = option.value().orElse(null);
            switch (key) {
                case "batchnorm" -> {
                    if (norm != null) {
                        ok = optionError(option, "duplicate 'batchnorm'");
                    } else if (value != null) {
                        ok = optionError(option, "'batchnorm' takes no number; write 'batchnorm eps " + value.text()
                                + "' to set ε");
                    } else {
                        norm = new Operation.Normalize(Operation.DEFAULT_EPS);
                    }
                }
                case "eps" -> {
                    if (previous == null || !previous.key().text().equals("batchnorm")) {
                        ok = optionError(option, "'eps' sets batch normalisation's ε: write it right after 'batchnorm'");
                    } else if (value == null) {
                        ok = optionError(option, "expected a number after 'eps' (for example 'batchnorm eps 1e-5')");
                    } else if (!(value.value() > 0 && Double.isFinite(value.value()))) {
                        error(value.pos(), value.text(), "batch normalisation's ε must be a number > 0, got " + value.text());
                        ok = false;
                    } else if (norm != null) {
                        norm = new Operation.Normalize(value.value());
                    }
                }
                case "dropout" -> {
                    if (drop != null) {
                        ok = optionError(option, "duplicate 'dropout'");
                    } else if (value == null) {
                        ok = optionError(option, "expected the drop probability p after 'dropout' (for example "
                                + "'dropout 0.2')");
                    } else if (!(value.value() >= 0 && value.value() < 1)) {
                        error(value.pos(), value.text(), "dropout's p is the probability of dropping a unit: it must "
                                + "be in [0, 1), got " + value.text());
                        ok = false;
                    } else {
                        drop = new Operation.Drop(value.value());
                    }
                }
                default -> ok = Vocabulary.ACTIVATIONS.containsKey(key)
                        ? optionError(option, "a hidden layer has one activation ('" + h.activation().name().text()
                                + "' already); after it come only 'batchnorm' and 'dropout P'")
                        : optionError(option, "unknown layer option '" + key + "'" + Suggestions.didYouMean(key,
                        List.of("batchnorm", "dropout", "eps"), " (a hidden layer takes 'batchnorm' and 'dropout P')"));
            }
            previous = option;
        }
        if (!ok) {
            return null;
        }
        List<Operation> operations = new ArrayList<>();
        if (norm != null) {
            operations.add(norm);
        }
        operations.add(new Operation.Activate(g));
        if (drop != null && drop.p() > 0) {
            operations.add(drop);
        }
        return operations;
    }

    private boolean optionError(Ast.LayerOption option, String message) {
        error(option.key().pos(), option.key().text(), message);
        return false;
    }

    /** A whole number from 1 to {@link Plan#MAX_PARAMETERS}, or −1 after reporting. */
    private int size(Ast.Num n, String what) {
        if (!n.isWhole()) {
            error(n.pos(), n.text(), what + " must be a whole number, got " + n.text());
        } else if (n.value() < 1) {
            error(n.pos(), n.text(), what + " must be at least 1, got " + n.text());
        } else if (n.value() > Plan.MAX_PARAMETERS) {
            error(n.pos(), n.text(), String.format(java.util.Locale.ROOT, "%s %s is absurd: more than the limit of %,d parameters",
                    what, n.text(), Plan.MAX_PARAMETERS));
        } else {
            return (int) n.value();
        }
        return -1;
    }

    private Init init(Ast.InitDecl decl) {
        Init.Scheme scheme = Vocabulary.scheme(decl.scheme(), d);
        Ast.Num seed = null;
        Ast.Num scale = null;
        for (Ast.Option option : decl.options()) {
            String key = option.key().text();
            switch (key) {
                case "seed" -> seed = onceOption(seed, option);
                case "scale" -> scale = onceOption(scale, option);
                default -> error(option.key().pos(), key, "unknown init option '" + key + "'"
                        + Suggestions.didYouMean(key, List.of("seed", "scale"), " (init takes 'seed N' and, for random, 'scale S')"));
            }
        }
        long seedValue = seed == null ? 0 : seed(seed);
        double scaleValue = DEFAULT_RANDOM_SCALE;
        if (scale != null && scheme != null && scheme != Init.Scheme.RANDOM) {
            error(scale.pos(), "scale", "'scale' applies only to 'init random' (" + scheme.keyword()
                    + " derives its scale from the layer sizes)");
        } else if (scale != null && !(scale.value() > 0 && Double.isFinite(scale.value()))) {
            error(scale.pos(), scale.text(), "init scale must be a positive number, got " + scale.text());
        } else if (scale != null) {
            scaleValue = scale.value();
        }
        return scheme == null || seedValue < 0 ? null
                : new Init(scheme, scheme == Init.Scheme.RANDOM ? scaleValue : 0, seedValue);
    }

    /** The seed as a long in [0, 2^63), or −1 after reporting. */
    private long seed(Ast.Num seed) {
        if (seed.text().matches("[0-9]+")) {
            try {
                return Long.parseLong(seed.text());
            } catch (NumberFormatException e) {
                // too large for a long: reported below
            }
        }
        error(seed.pos(), seed.text(), "seed must be a whole number from 0 to " + Long.MAX_VALUE + ", got "
                + seed.text());
        return -1;
    }

    private double decay(Ast.Decay decay) {
        Ast.Num lambda = decay.lambda();
        if (!(lambda.value() >= 0 && Double.isFinite(lambda.value()))) {
            error(lambda.pos(), lambda.text(), "weight decay λ must be a number ≥ 0, got " + lambda.text());
            return 0;
        }
        return lambda.value();
    }

    private void unknownStatement(Ast.Unknown u, String holds) {
        String word = u.word().text();
        error(u.pos(), word, "unknown statement '" + word + "'"
                + Suggestions.didYouMean(word, STATEMENTS, " (" + holds + ")"));
    }

    /** Keeps the first of a setting that may appear once, reporting any repetition. */
    private <T extends Ast.Statement> T once(T first, T again) {
        if (first == null) {
            return again;
        }
        error(again.pos(), again.keyword(), "duplicate '" + again.keyword() + "' (already given at line "
                + first.pos().line() + ")");
        return first;
    }

    private Ast.Num onceOption(Ast.Num first, Ast.Option again) {
        if (first == null) {
            return again.value();
        }
        error(again.key().pos(), again.key().text(), "duplicate init option '" + again.key().text() + "'");
        return first;
    }

    private void missing(Ast.Network net, String message) {
        error(net.name().pos(), net.name().text(), message);
    }

    private void error(netgrad.source.SourcePos pos, String underlined, String message) {
        d.error(pos, underlined.codePointCount(0, underlined.length()), message);
    }
}
