package netgrad.tape;

import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Operation;
import netgrad.plan.OutputFunction;

/**
 * The network's functions composed from the tape's primitives only, so no derivative formula is written by
 * hand here: the tape differentiates each composition through its elementary rules. Every form is arranged
 * so that exp never sees a large positive argument (finite for |x| in the hundreds and beyond).
 */
public final class Composites {
    private Composites() {}

    /** Results of {@link #softmax}: ŷ = softmax(a) and log ŷ, both per column (example), n×B. */
    public record Softmax(Node yhat, Node logYhat) {}

    /**
     * Logistic σ(x) = 1/(1 + e^(−x)), recorded as e^(x−p) / (e^(x−p) + e^(−p)) with p = max(x, 0): the same
     * function (multiply top and bottom by e^(−p)) whose exponents are both ≤ 0.
     */
    public static Node logistic(Tape t, Node x) {
        Node p = t.max0(x);
        Node top = t.exp(t.sub(x, p));
        Node bottom = t.add(top, t.exp(t.neg(p)));
        return t.div(top, bottom);
    }

    /** tanh x = 2σ(2x) − 1. */
    public static Node tanh(Tape t, Node x) {
        Node twoSigma = t.scale(logistic(t, t.scale(x, 2.0)), 2.0);
        return t.add(twoSigma, t.scalar(-1.0));
    }

    /** softplus x = log(1 + e^x), recorded as max(x, 0) + log(1 + e^(−|x|)) with |x| = max(x, 0) + max(−x, 0). */
    public static Node softplus(Tape t, Node x) {
        Node positive = t.max0(x);
        Node abs = t.add(positive, t.max0(t.neg(x)));
        Node tail = t.log(t.add(t.exp(t.neg(abs)), t.scalar(1.0)));
        return t.add(positive, tail);
    }

    /**
     * Softmax of each column a (n×B): with the column maximum m as a constant shift s = a − m,
     * ŷ = e^s / Σ_i e^(s_i) and log ŷ = s − log Σ_i e^(s_i). The shift cancels, so it carries no gradient.
     */
    public static Softmax softmax(Tape t, Node a, boolean withLog) {
        Node shifted = t.sub(a, t.colMax(a));
        Node e = t.exp(shifted);
        Node z = t.sumCols(e);
        Node yhat = t.div(e, z);
        Node logYhat = withLog ? t.sub(shifted, t.log(z)) : null;
        return new Softmax(yhat, logYhat);
    }

    /** What {@link #operations} recorded: â_k (null without batch norm) and h_k. */
    public record LayerNodes(Node ahat, Node h) {}

    /**
     * h_k from a_k through the hidden layer's operations in order: batch normalisation from the primitives
     * (μ = mean over the batch, a − μ, its square's mean σ², √(σ² + ε), division, γ ⊙ x̂ + β), g, then dropout as a
     * multiplication by the constant mask and by 1/(1 − p). {@code gamma}, {@code beta} are null without batch
     * norm, {@code mask} null without dropout or in evaluation mode.
     */
    public static LayerNodes operations(Tape t, Layer.Hidden layer, Node a, Node gamma, Node beta, Node mask) {
        Node x = a;
        Node ahat = null;
        for (Operation op : layer.operations()) {
            x = switch (op.kind()) {
                case BATCH_NORM -> {
                    ahat = batchNorm(t, x, gamma, beta, Operation.eps(op));
                    yield ahat;
                }
                case ACTIVATION -> activation(t, Operation.g(op), x);
                case DROPOUT -> mask == null ? x : t.scale(t.mul(x, mask), 1.0 / (1.0 - Operation.p(op)));
            };
        }
        return new LayerNodes(ahat, x);
    }

    /** â = γ ⊙ (a − μ) / √(σ² + ε) + β with μ = mean over the batch of a, σ² = mean over the batch of (a − μ)². */
    public static Node batchNorm(Tape t, Node a, Node gamma, Node beta, double eps) {
        Node mu = t.meanRows(a);                                   // μ, n×1
        Node centred = t.sub(a, mu);                               // a − μ
        Node variance = t.meanRows(t.mul(centred, centred));       // σ², n×1
        Node sd = t.sqrt(t.add(variance, t.scalar(eps)));          // √(σ² + ε)
        Node xhat = t.div(centred, sd);                            // x̂
        return t.add(t.mul(xhat, gamma), beta);                    // γ ⊙ x̂ + β
    }

    /** h = g(a) for a hidden layer's activation g. */
    public static Node activation(Tape t, Activation g, Node a) {
        return switch (g.kind()) {
            case LOGISTIC -> logistic(t, a);
            case TANH -> tanh(t, a);
            case RELU -> t.max0(a);
            case LEAKY_RELU -> t.leakyMax(a, Activation.slope(g));
            case IDENTITY -> t.identity(a);
            case SOFTPLUS -> softplus(t, a);
            case DEFINED -> t.identity(Expressions.record(t, Activation.defined(g).definition().body(), a));
        };
    }

    /** ŷ = O(a_L) for the output functions other than softmax (see {@link #softmax}). */
    public static Node output(Tape t, OutputFunction o, Node a) {
        return switch (o) {
            case LOGISTIC -> logistic(t, a);
            case IDENTITY -> t.identity(a);
            case SOFTMAX -> softmax(t, a, false).yhat();
        };
    }
}
