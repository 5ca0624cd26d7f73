package netgrad.explain;

import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.source.SourcePos;

/** The lecture's symbols as LaTeX fragments, shared by every part of a derivation. */
final class Notation {
    private Notation() {}

    /** ∇_{q} ℒ, the gradient of the loss with respect to q (q in LaTeX, e.g. {@code a_2}). */
    static String grad(String q) {
        return "\\nabla_{" + q + "}\\mathcal{L}";
    }

    /** ∇_{q} ℓ, the gradient of one example's loss ℓ with respect to q (the one-example derivation's). */
    static String gradOne(String q) {
        return "\\nabla_{" + q + "}\\ell";
    }

    /** The shape of an n-vector: [n]. */
    static String vec(int n) {
        return "[" + n + "]";
    }

    /** The shape of an r × c matrix: [r×c]. */
    static String mat(int rows, int cols) {
        return "[" + rows + "\\times{}" + cols + "]";
    }

    /** The spec line a layer came from, or "" for plans built in code. */
    static String where(Layer layer) {
        SourcePos pos = layer.pos();
        return pos.line() > 0 ? "spec line " + pos.line() : "";
    }

    /** The activation's name for prose, with leaky_relu's slope. */
    static String name(Activation g) {
        return switch (g.kind()) {
            case LEAKY_RELU -> "leaky_relu (slope " + number(Activation.slope(g)) + ")";
            case LOGISTIC, TANH, RELU, IDENTITY, SOFTPLUS, DEFINED -> g.keyword();
        };
    }

    /** The loss's name for prose. */
    static String name(Loss loss) {
        return switch (loss) {
            case CROSS_ENTROPY -> "cross-entropy";
            case BINARY_CROSS_ENTROPY -> "binary cross-entropy";
            case SQUARED_ERROR -> "squared error";
        };
    }

    /** The target symbol: the one-hot e(y) for softmax outputs, y otherwise. */
    static String target(Plan plan) {
        return plan.output().function() == OutputFunction.SOFTMAX ? "e(y)" : "y";
    }

    /** {@code letter} with the layer index k as its subscript: x_3, x_{12} (LaTeX). */
    static String sub(String letter, int k) {
        return letter + "_" + (k < 10 ? String.valueOf(k) : "{" + k + "}");
    }

    /** z_k = g(·), a dropout layer's activation before the mask. */
    static String z(int k) {
        return sub("z", k);
    }

    /** m_k, layer k's dropout mask. */
    static String mask(int k) {
        return sub("m", k);
    }

    /** μ_k, batch norm's mean over the batch. */
    static String mu(int k) {
        return sub("\\mu", k);
    }

    /** σ²_k, batch norm's (biased) variance over the batch. */
    static String var(int k) {
        return sub("\\sigma^2", k);
    }

    /** x̂_k = (a_k − μ_k)/s_k. */
    static String xhat(int k) {
        return sub("\\hat{x}", k);
    }

    /** s_k = √(σ²_k + ε). */
    static String sd(int k) {
        return sub("s", k);
    }

    /** A hyper-parameter as written in a spec (no trailing zeros). */
    static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
