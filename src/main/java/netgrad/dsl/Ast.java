package netgrad.dsl;

import java.util.List;
import java.util.Optional;

import netgrad.source.SourcePos;

/**
 * The syntax tree of a spec, as written: nothing is resolved or checked yet (names are plain words,
 * numbers keep their text). The compiler turns it into a {@link netgrad.plan.Plan}.
 */
public final class Ast {
    private Ast() {}

    /** A number as written, e.g. {@code -0.5} or {@code 1e-3}; {@code value} may be infinite for huge literals. */
    public record Num(String text, double value, SourcePos pos) {
        /** True when the value is a whole number (such as {@code 3} or {@code 3.0}). */
        public boolean isWhole() {
            return Double.isFinite(value) && value == Math.rint(value);
        }
    }

    /** A word that the compiler resolves: an activation, a loss, an option key, a data set. */
    public record Name(String text, SourcePos pos) {}

    /** {@code network NAME { statements }}, after the activations the file defines (in order). */
    public record Network(Name name, SourcePos pos, List<Statement> statements, List<ActivationDef> definitions) {
        public Network {
            statements = List.copyOf(statements);
            definitions = List.copyOf(definitions);
        }

        /** A network whose file defines no activations. */
        public Network(Name name, SourcePos pos, List<Statement> statements) {
            this(name, pos, statements, List.of());
        }
    }

    /**
     * {@code activation NAME(PARAMETER) = BODY derivative DERIVATIVE}: g(z) and the g′(z) its author derived.
     * The derivative is empty when it was left out (the compiler reports it). {@code pos} is the keyword's.
     */
    public record ActivationDef(SourcePos pos, Name name, Name parameter, Expr body, Optional<Expr> derivative,
                                Optional<SourcePos> derivativeKeyword) {}

    /** An expression as written in a definition; {@code pos} and {@code length} span its text. */
    public sealed interface Expr {
        SourcePos pos();

        int length();
    }

    /** A number literal. */
    public record Literal(Num number, int length) implements Expr {
        public SourcePos pos() { return number.pos(); }
    }

    /** A bare word: the parameter, {@code e}, {@code pi}, or a mistake. */
    public record Word(Name name) implements Expr {
        public SourcePos pos() { return name.pos(); }

        public int length() { return name.text().length(); }
    }

    /** {@code FUNCTION(ARGS)}: a built-in function or an earlier definition. */
    public record Call(Name function, List<Expr> arguments, SourcePos pos, int length) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code -X}. */
    public record Negate(Expr operand, SourcePos pos, int length) implements Expr {}

    /** {@code L op R} for op one of {@code + - * / ^}. */
    public record Binary(char op, Expr left, Expr right, SourcePos pos, int length) implements Expr {}

    /** One line of a network block. {@code pos} is the position of its first word. */
    public sealed interface Statement {
        SourcePos pos();

        /** The statement's keyword as written, for messages. */
        String keyword();
    }

    /** {@code input SIZE}: n_0. */
    public record Input(SourcePos pos, Num size) implements Statement {
        public String keyword() { return "input"; }
    }

    /**
     * {@code hidden WIDTH ACTIVATION OPTION*}: a_k = b_k + W_k h_{k−1}, h_k = g(a_k); the options ({@code batchnorm},
     * {@code eps 1e-5}, {@code dropout 0.2}) in the order written, each with its number when it has one.
     */
    public record Hidden(SourcePos pos, Num width, ActivationRef activation, List<LayerOption> options)
            implements Statement {
        public Hidden {
            options = List.copyOf(options);
        }

        public Hidden(SourcePos pos, Num width, ActivationRef activation) {
            this(pos, width, activation, List.of());
        }

        public String keyword() { return "hidden"; }
    }

    /** A hidden layer's option: {@code batchnorm} (no number), {@code eps 1e-5}, {@code dropout 0.2}. */
    public record LayerOption(Name key, Optional<Num> value) {
    }

    /** An activation name with its optional parameter: {@code tanh}, {@code leaky_relu(0.01)}. */
    public record ActivationRef(Name name, Optional<Num> parameter) {}

    /** {@code output WIDTH FUNCTION}: ŷ = O(a_L). */
    public record Output(SourcePos pos, Num width, Name function) implements Statement {
        public String keyword() { return "output"; }
    }

    /** {@code loss NAME}. */
    public record LossDecl(SourcePos pos, Name loss) implements Statement {
        public String keyword() { return "loss"; }
    }

    /** {@code init SCHEME [KEY NUMBER]...}, e.g. {@code init random scale 0.01 seed 7}. */
    public record InitDecl(SourcePos pos, Name scheme, List<Option> options) implements Statement {
        public InitDecl {
            options = List.copyOf(options);
        }

        public String keyword() { return "init"; }
    }

    /** {@code KEY NUMBER} after an init scheme. */
    public record Option(Name key, Num value) {}

    /** {@code decay LAMBDA}: adds (λ/2) Σ_k ‖W_k‖² to the loss. */
    public record Decay(SourcePos pos, Num lambda) implements Statement {
        public String keyword() { return "decay"; }
    }

    /** {@code repeat COUNT { statements }}: the block's layers, COUNT times over. */
    public record Repeat(SourcePos pos, Num count, List<Statement> statements) implements Statement {
        public Repeat {
            statements = List.copyOf(statements);
        }

        public String keyword() { return "repeat"; }
    }

    /** {@code train { KEY VALUE ... }}. */
    public record Train(SourcePos pos, List<Setting> settings) implements Statement {
        public Train {
            settings = List.copyOf(settings);
        }

        public String keyword() { return "train"; }
    }

    /** {@code KEY VALUE} in a train block; the value is a number or a name. */
    public record Setting(Name key, Value value) {}

    /** The value of a setting. */
    public sealed interface Value {
        SourcePos pos();

        String text();
    }

    public record NumberValue(Num number) implements Value {
        public SourcePos pos() { return number.pos(); }

        public String text() { return number.text(); }
    }

    public record NameValue(Name name) implements Value {
        public SourcePos pos() { return name.pos(); }

        public String text() { return name.text(); }
    }

    /** A line starting with a word that is not a statement keyword (likely misspelt); the compiler reports it. */
    public record Unknown(SourcePos pos, Name word) implements Statement {
        public String keyword() { return word.text(); }
    }
}
