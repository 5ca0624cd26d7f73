package netgrad.expr;

import java.util.List;
import java.util.Optional;

/**
 * The functions a definition may call, each with the names it is written as (the first is its keyword) and its
 * number of arguments. This is the one list of function names; user definitions resolve after it.
 */
public enum Function {
    EXP(1, "exp"),
    LOG(1, "log"),
    SQRT(1, "sqrt"),
    ABS(1, "abs"),
    TANH(1, "tanh"),
    LOGISTIC(1, "logistic", "sigmoid"),
    SOFTPLUS(1, "softplus"),
    MAX(2, "max"),
    MIN(2, "min");

    private final int arity;
    private final List<String> names;

    Function(int arity, String... names) {
        this.arity = arity;
        this.names = List.of(names);
    }

    public String keyword() {
        return names.get(0);
    }

    public List<String> names() {
        return names;
    }

    public int arity() {
        return arity;
    }

    /** True for abs, max and min: not differentiable where the argument is 0 or the two arguments tie. */
    public boolean hasKink() {
        return this == ABS || this == MAX || this == MIN;
    }

    /** The function {@code name} (a keyword or an alias) names, if any. */
    public static Optional<Function> named(String name) {
        for (Function f : values()) {
            if (f.names.contains(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** f(x) for the one-argument functions, in forms that cannot overflow for any finite x. */
    public double apply(double x) {
        return switch (this) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case TANH -> Math.tanh(x);
            case LOGISTIC -> logistic(x);
            case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));   // log(1 + e^x)
            case MAX, MIN -> throw new IllegalArgumentException(keyword() + " takes two arguments");
        };
    }

    /** f(x, y) for max and min. */
    public double apply(double x, double y) {
        return switch (this) {
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case EXP, LOG, SQRT, ABS, TANH, LOGISTIC, SOFTPLUS ->
                    throw new IllegalArgumentException(keyword() + " takes one argument");
        };
    }

    /** σ(x) = 1/(1+e^−x), as e^x/(1+e^x) for x &lt; 0 so that e^−x never overflows. */
    static double logistic(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
