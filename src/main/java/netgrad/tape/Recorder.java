package netgrad.tape;

import java.util.ArrayList;
import java.util.List;

import netgrad.linalg.Matrix;
import netgrad.linalg.Parallelism;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * Records a plan's forward pass on a batch as elementary operations and differentiates it with the tape:
 * <pre>
 *   h_0 = x (n_0×B);  a_k = W_k·h_{k−1} + b_k (n_k×B, b_k broadcast over the B columns);
 *   h_k = g_k(a_k) for k &lt; L;  ŷ = O(a_L);
 *   L = (1/B) Σ_examples ℓ(ŷ, y) + (λ/2) Σ_k ‖W_k‖²   (1×1)
 * </pre>
 * Losses are composed from primitives in forms that stay finite for large |a_L|: softmax with cross-entropy uses
 * log ŷ = s − log Σ e^s (log-softmax), logistic with binary cross-entropy uses ℓ = Σ [softplus(a_L) − y ⊙ a_L].
 * In those two cases ŷ is recorded for display but the loss is computed beside it, so ŷ's gradient is zero.
 * Other combinations use the definitions directly: −Σ y log ŷ, −Σ [y log ŷ + (1−y) log(1−ŷ)], ½ Σ (ŷ−y)².
 */
public final class Recorder {
    private Recorder() {}

    /** Records the plan's forward pass on the batch from elementary ops and runs backward. */
    public static Recording record(Plan plan, Parameters theta, Batch batch) {
        return record(plan, theta, batch, Parallelism.DEFAULT);
    }

    /** {@link #record(Plan, Parameters, Batch)} with the tape's matrix products on up to {@code products} threads. */
    public static Recording record(Plan plan, Parameters theta, Batch batch, Parallelism products) {
        int depth = plan.depth();
        if (batch.x().rows != plan.inputSize() || batch.y().rows != plan.units(depth)) {
            throw new IllegalArgumentException("batch inputs " + batch.x().shape() + " and targets " + batch.y().shape()
                    + " do not fit a plan with " + plan.inputSize() + " inputs and " + plan.units(depth) + " outputs");
        }
        Tape t = new Tape(products);
        Node h = t.constant(batch.x(), "x");
        Node y = t.constant(batch.y(), "y");
        List<Node> weights = new ArrayList<>();
        List<Node> biases = new ArrayList<>();
        List<Node> as = new ArrayList<>();
        List<Node> hs = new ArrayList<>();
        java.util.Map<Quantity, Node> extra = new java.util.LinkedHashMap<>();   // γ_k, β_k, â_k
        Node a = null;
        for (Layer layer : plan.layers()) {
            int k = layer.k();
            Node w = t.parameter(theta.W(k), Quantity.W(k).label());
            Node b = t.parameter(theta.b(k), Quantity.b(k).label());
            weights.add(w);
            biases.add(b);
            a = t.label(t.add(t.matmul(w, h), b), Quantity.a(k).label());
            as.add(a);
            if (layer instanceof Layer.Hidden hidden) {
                Node gamma = null;
                Node beta = null;
                if (hidden.batchNorm()) {
                    gamma = t.parameter(theta.gamma(k), Quantity.gamma(k).label());
                    beta = t.parameter(theta.beta(k), Quantity.beta(k).label());
                    extra.put(Quantity.gamma(k), gamma);
                    extra.put(Quantity.beta(k), beta);
                }
                Matrix m = batch.masks().mask(k);
                Node mask = m == null ? null : t.constant(m, "m" + k);
                Composites.LayerNodes nodes = Composites.operations(t, hidden, a, gamma, beta, mask);
                if (nodes.ahat() != null) {
                    extra.put(Quantity.ahat(k), t.label(nodes.ahat(), Quantity.ahat(k).label()));
                }
                h = t.label(nodes.h(), Quantity.h(k).label());
                hs.add(h);
            }
        }
        Node data = dataLoss(t, plan, a, y, batch.size());
        Node loss = data;
        if (plan.weightDecay() != 0.0) {
            Node squares = null;
            for (Node w : weights) {
                Node s = t.sumAll(t.mul(w, w)); // ‖W_k‖²
                squares = squares == null ? s : t.add(squares, s);
            }
            loss = t.add(data, t.scale(squares, plan.weightDecay() / 2.0));
        }
        t.label(loss, "L");
        t.backward(loss);

        Gradients g = new Gradients();
        for (int k = 1; k <= depth; k++) {
            g.put(Quantity.W(k), weights.get(k - 1).grad().copy());
            g.put(Quantity.b(k), biases.get(k - 1).grad().copy());
        }
        extra.forEach((q, node) -> g.put(q, node.grad().copy()));
        for (int k = 1; k <= depth; k++) {
            g.put(Quantity.a(k), as.get(k - 1).grad().copy());
            if (k < depth) {
                g.put(Quantity.h(k), hs.get(k - 1).grad().copy());
            }
        }
        return new Recording(t, loss, g);
    }

    /** (1/B) Σ over examples of the per-example loss, with ŷ recorded and labelled on the way. */
    private static Node dataLoss(Tape t, Plan plan, Node aL, Node y, int batchSize) {
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        double perExample = 1.0 / batchSize;
        if (o == OutputFunction.SOFTMAX) {
            Composites.Softmax sm = Composites.softmax(t, aL, loss == Loss.CROSS_ENTROPY);
            t.label(sm.yhat(), "ŷ");
            if (loss == Loss.CROSS_ENTROPY) {
                Node logYhat = t.label(sm.logYhat(), "log ŷ");
                return t.scale(t.sumAll(t.mul(y, logYhat)), -perExample); // −(1/B) Σ y log ŷ
            }
            return lossOf(t, loss, sm.yhat(), y, perExample);
        }
        Node yhat = t.label(Composites.output(t, o, aL), "ŷ");
        if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY) {
            // −[y log σ(a) + (1−y) log(1−σ(a))] = softplus(a) − y·a
            Node perEntry = t.sub(Composites.softplus(t, aL), t.mul(y, aL));
            return t.scale(t.sumAll(perEntry), perExample);
        }
        return lossOf(t, loss, yhat, y, perExample);
    }

    /** The loss written from ŷ by its definition, averaged over the batch. */
    private static Node lossOf(Tape t, Loss loss, Node yhat, Node y, double perExample) {
        return switch (loss) {
            case CROSS_ENTROPY -> t.scale(t.sumAll(t.mul(y, t.log(yhat))), -perExample); // −(1/B) Σ y log ŷ
            case BINARY_CROSS_ENTROPY -> {
                Node one = t.scalar(1.0);
                Node oneMinusY = t.add(t.neg(y), one);
                Node oneMinusYhat = t.add(t.neg(yhat), one);
                Node inner = t.add(t.mul(y, t.log(yhat)), t.mul(oneMinusY, t.log(oneMinusYhat)));
                yield t.scale(t.sumAll(inner), -perExample); // −(1/B) Σ [y log ŷ + (1−y) log(1−ŷ)]
            }
            case SQUARED_ERROR -> {
                Node diff = t.sub(yhat, y);
                yield t.scale(t.sumAll(t.mul(diff, diff)), perExample / 2.0); // (1/B) Σ ½ (ŷ − y)²
            }
        };
    }
}
