package netgrad.explain;

import java.util.ArrayList;
import java.util.List;

import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

import static netgrad.explain.Notation.gradOne;
import static netgrad.explain.Notation.vec;

/**
 * The output gradient ∇_{a_L} ℓ of one example for the plan's output function O and loss, derived from
 * the scalar form ∂ℓ/∂a_{L,i} to the vector form: softmax + cross-entropy → −(e(y) − ŷ), softmax +
 * squared error → the Jacobian form (diag(ŷ) − ŷŷᵀ)(ŷ − e(y)), logistic + binary cross-entropy → ŷ − y,
 * identity + squared error → ŷ − y, logistic + squared error → (ŷ − y) ⊙ ŷ ⊙ (1 − ŷ); any other pair by
 * composing ∂ℓ/∂ŷ with O's derivative.
 */
final class OutputRules {
    private OutputRules() {}

    private final static class Builder {
        final List<Derivation.Item> items = new ArrayList<>();
        final String aL;   // a_L
        final String ai;   // a_{L,i}
        final String t;    // the target, e(y) or y
        final int n;       // n_L

        Builder(Plan plan) {
            int depth = plan.depth();
            aL = Quantity.a(depth).tex();
            ai = Quantity.a(depth).texEntry("i");
            t = Notation.target(plan);
            n = plan.units(depth);
        }

        void eq(String tex, String shapes, String note) {
            items.add(equation(tex, shapes, note));
        }

        void eq(String tex, String note) {
            eq(tex, "", note);
        }
    }

    /** The derivation, ending with the vector form the backward pass starts from. */
    static List<Derivation.Item> derive(Plan plan) {
        Builder b = new Builder(plan);
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            softmaxCrossEntropy(b);
        } else if (o == OutputFunction.SOFTMAX && loss == Loss.SQUARED_ERROR) {
            softmaxSquaredError(b);
        } else if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY) {
            logisticBinaryCrossEntropy(b);
        } else if (o == OutputFunction.IDENTITY && loss == Loss.SQUARED_ERROR) {
            identitySquaredError(b);
        } else if (o == OutputFunction.LOGISTIC && loss == Loss.SQUARED_ERROR) {
            logisticSquaredError(b);
        } else {
            composed(b, o, loss);
        }
        return b.items;
    }

    /** The vector form of ∇_{a_L} ℓ for one example, as the backward pass's first line states it. */
    static String vectorForm(Plan plan) {
        return vectorForm(plan, "");
    }

    /** The vector form for example {@code m} of a batch ({@code m} = "_m"), or for one example ({@code m} = ""). */
    static String vectorForm(Plan plan, String m) {
        String yhat = "\\hat{y}" + m;
        String y = "y" + m;
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            return "-(e(" + y + ") - " + yhat + ")";
        } else if (o == OutputFunction.SOFTMAX && loss == Loss.SQUARED_ERROR) {
            return "J" + m + " (" + yhat + " - e(" + y + "))";
        } else if (o == OutputFunction.SOFTMAX) {
            return "J" + m + " \\nabla_{" + yhat + "}\\ell";
        } else if (loss == Loss.SQUARED_ERROR && o == OutputFunction.LOGISTIC) {
            return "(" + yhat + " - " + y + ") \\odot " + yhat + " \\odot (1 - " + yhat + ")";
        } else if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY
                || o == OutputFunction.IDENTITY && loss == Loss.SQUARED_ERROR) {
            return yhat + " - " + y;
        } else if (o == OutputFunction.LOGISTIC) {
            return "\\nabla_{" + yhat + "}\\ell \\odot " + yhat + " \\odot (1 - " + yhat + ")";
        }
        return "\\nabla_{" + yhat + "}\\ell";
    }

    private static void softmaxCrossEntropy(Builder b) {
        b.eq("\\ell = -\\sum_j e(y)_j \\log \\hat{y}_j = -\\log \\hat{y}_y", "only the true class $y$ counts");
        b.eq("\\hat{y}_j = \\frac{e^{a_j}}{\\sum_m e^{a_m}}", "softmax; $a$ short for $" + b.aL + "$");
        b.eq("\\frac{\\partial \\hat{y}_j}{\\partial " + b.ai + "} = \\hat{y}_j(\\mathbb{1}[i = j] - \\hat{y}_i)",
                "quotient rule");
        b.eq("\\frac{\\partial\\ell}{\\partial " + b.ai + "} = -\\frac{1}{\\hat{y}_y} \\cdot \\hat{y}_y(\\mathbb{1}[i = y] - \\hat{y}_i)",
                "chain rule through $\\hat{y}_y$");
        b.eq("\\frac{\\partial\\ell}{\\partial " + b.ai + "} = -(\\mathbb{1}[i = y] - \\hat{y}_i)", "$\\hat{y}_y$ cancels");
        b.eq(gradOne(b.aL) + " = -(e(y) - \\hat{y})", vec(b.n) + " = " + vec(b.n) + " - " + vec(b.n),
                "stack over $i$: $e(y)_i = \\mathbb{1}[i = y]$");
    }

    private static void softmaxSquaredError(Builder b) {
        b.eq("\\ell = \\frac{1}{2} \\sum_j (\\hat{y}_j - e(y)_j)^2", "squared error against the one-hot $e(y)$");
        b.eq("\\frac{\\partial\\ell}{\\partial " + b.ai + "} = \\sum_j (\\hat{y}_j - e(y)_j) "
                + "\\frac{\\partial \\hat{y}_j}{\\partial " + b.ai + "}", "every $\\hat{y}_j$ depends on every $" + b.ai + "$");
        b.eq("\\frac{\\partial \\hat{y}_j}{\\partial " + b.ai + "} = \\hat{y}_j(\\mathbb{1}[i = j] - \\hat{y}_i)",
                "softmax, quotient rule");
        String n = String.valueOf(b.n);
        b.eq("J = \\operatorname{diag}(\\hat{y}) - \\hat{y} \\hat{y}^\\top", Notation.mat(b.n, b.n),
                "the softmax Jacobian, symmetric");
        b.eq(gradOne(b.aL) + " = J (\\hat{y} - e(y))", vec(b.n) + " = " + Notation.mat(b.n, b.n) + "\\cdot" + vec(b.n),
                "the Jacobian form: nothing cancels here");
        b.eq(gradOne(b.aL) + " = \\hat{y} \\odot (\\hat{y} - e(y)) - \\hat{y} (\\hat{y}^\\top (\\hat{y} - e(y)))", "",
                "the same without building the " + n + "×" + n + " $J$");
    }

    private static void logisticBinaryCrossEntropy(Builder b) {
        b.eq("\\ell = -\\sum_i [y_i \\log \\hat{y}_i + (1 - y_i) \\log(1 - \\hat{y}_i)]", "binary cross-entropy");
        b.eq("\\frac{\\partial\\ell}{\\partial \\hat{y}_i} = -\\frac{y_i}{\\hat{y}_i} + \\frac{1 - y_i}{1 - \\hat{y}_i}"
                + " = \\frac{\\hat{y}_i - y_i}{\\hat{y}_i(1 - \\hat{y}_i)}", "common denominator");
        b.eq("\\frac{\\partial \\hat{y}_i}{\\partial " + b.ai + "} = \\hat{y}_i(1 - \\hat{y}_i)",
                "logistic: $\\sigma' = \\sigma(1 - \\sigma)$");
        b.eq("\\frac{\\partial\\ell}{\\partial " + b.ai + "} = \\hat{y}_i - y_i", "chain rule; $\\hat{y}_i(1 - \\hat{y}_i)$ cancels");
        b.eq(gradOne(b.aL) + " = \\hat{y} - y", vec(b.n) + " = " + vec(b.n) + " - " + vec(b.n), "stack over $i$");
    }

    private static void identitySquaredError(Builder b) {
        b.eq("\\ell = \\frac{1}{2} \\sum_i (\\hat{y}_i - y_i)^2", "squared error");
        b.eq("\\frac{\\partial\\ell}{\\partial \\hat{y}_i} = \\hat{y}_i - y_i", "the $\\frac{1}{2}$ cancels the 2");
        b.eq("\\hat{y}_i = " + b.ai, "identity output: $\\partial \\hat{y}_i/\\partial " + b.ai + " = 1$");
        b.eq(gradOne(b.aL) + " = \\hat{y} - y", vec(b.n) + " = " + vec(b.n) + " - " + vec(b.n), "stack over $i$");
    }

    private static void logisticSquaredError(Builder b) {
        b.eq("\\ell = \\frac{1}{2} \\sum_i (\\hat{y}_i - y_i)^2", "squared error");
        b.eq("\\frac{\\partial\\ell}{\\partial \\hat{y}_i} = \\hat{y}_i - y_i", "the $\\frac{1}{2}$ cancels the 2");
        b.eq("\\frac{\\partial \\hat{y}_i}{\\partial " + b.ai + "} = \\hat{y}_i(1 - \\hat{y}_i)",
                "logistic: $\\sigma' = \\sigma(1 - \\sigma)$");
        b.eq("\\frac{\\partial\\ell}{\\partial " + b.ai + "} = (\\hat{y}_i - y_i) \\hat{y}_i(1 - \\hat{y}_i)",
                "chain rule; nothing cancels");
        b.eq(gradOne(b.aL) + " = (\\hat{y} - y) \\odot \\hat{y} \\odot (1 - \\hat{y})", vec(b.n),
                "small when $\\hat{y}$ saturates near 0 or 1");
    }

    /** Any other pair: ∂ℓ/∂ŷ from the loss, then O's local derivative. */
    private static void composed(Builder b, OutputFunction o, Loss loss) {
        String dLoss = switch (loss) {
            case CROSS_ENTROPY -> "-\\frac{" + b.t + "_i}{\\hat{y}_i}";
            case BINARY_CROSS_ENTROPY -> "\\frac{\\hat{y}_i - y_i}{\\hat{y}_i(1 - \\hat{y}_i)}";
            case SQUARED_ERROR -> "\\hat{y}_i - " + b.t + "_i";
        };
        b.eq("\\frac{\\partial\\ell}{\\partial \\hat{y}_i} = " + dLoss, Notation.name(loss));
        b.items.addAll(switch (o) {
            case IDENTITY -> List.of(
                    equation("\\frac{\\partial \\hat{y}_i}{\\partial " + b.ai + "} = 1", "", "identity output"),
                    equation(gradOne(b.aL) + " = \\nabla_{\\hat{y}}\\ell", vec(b.n), "stack over $i$"));
            case LOGISTIC -> List.of(
                    equation("\\frac{\\partial \\hat{y}_i}{\\partial " + b.ai + "} = \\hat{y}_i(1 - \\hat{y}_i)", "",
                            "logistic: $\\sigma' = \\sigma(1 - \\sigma)$"),
                    equation(gradOne(b.aL) + " = \\nabla_{\\hat{y}}\\ell \\odot \\hat{y} \\odot (1 - \\hat{y})", vec(b.n),
                            "chain rule"));
            case SOFTMAX -> List.of(
                    equation("J = \\operatorname{diag}(\\hat{y}) - \\hat{y} \\hat{y}^\\top", Notation.mat(b.n, b.n),
                            "the softmax Jacobian, symmetric"),
                    equation(gradOne(b.aL) + " = J \\nabla_{\\hat{y}}\\ell",
                            vec(b.n) + " = " + Notation.mat(b.n, b.n) + "\\cdot" + vec(b.n), "chain rule in Jacobian form"));
        });
    }

    private static Derivation.Equation equation(String tex, String shapes, String note) {
        return new Derivation.Equation(tex, shapes, note);
    }
}
