package netgrad.backprop;

import java.util.List;

import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.linalg.Parallelism;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Masks;
import netgrad.model.Parameters;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The hand-derived gradient of CS7015 lecture 4, line for line, on a minibatch whose B examples are the columns
 * of x (n_0 × B); every a_k, h_k is n_k × B.
 * <pre>
 * forward_propagation(θ):                    back_propagation(h_0..h_{L−1}, a_1..a_L, ŷ):
 *   for k = 1 to L−1:                          ∇a_L = −(e(y) − ŷ)            (for softmax + cross-entropy)
 *     a_k = b_k + W_k h_{k−1}                  for k = L to 1:
 *     h_k = g(a_k)                               ∇W_k = ∇a_k h_{k−1}ᵀ  (+ λW_k)
 *   a_L = b_L + W_L h_{L−1}                      ∇b_k = ∇a_k               (summed over the batch)
 *   ŷ = O(a_L)                                   ∇h_{k−1} = W_kᵀ ∇a_k
 *                                                ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})
 * </pre>
 * A hidden layer's operations (see {@link netgrad.plan.Operation}) extend the two lines of a layer: with batch
 * normalisation h_k = g(â_k), â_k = γ_k ⊙ (a_k − μ_k)/√(σ²_k + ε) + β_k (see {@link BatchNorm}); with dropout
 * h_k = m_k ⊙ g(·)/(1 − p). Backward then runs through them in reverse:
 * <pre>
 *   ∇z_{k−1} = ∇h_{k−1} ⊙ m_{k−1} / (1 − p)           (dropout; z = g(·) before the mask; else ∇z = ∇h)
 *   ∇â_{k−1} = ∇z_{k−1} ⊙ g′(â_{k−1})                  (or ∇a_{k−1} = ∇z_{k−1} ⊙ g′(a_{k−1}) without batch norm)
 *   ∇γ_{k−1} = Σ_batch ∇â ⊙ x̂,  ∇β_{k−1} = Σ_batch ∇â
 *   ∇a_{k−1} = (γ / (B s)) (B ∇â − Σ_batch ∇â − x̂ ⊙ Σ_batch ∇â ⊙ x̂),  s = √(σ² + ε)
 * </pre>
 * b_k of a batch-normalised layer is kept (one layout of θ for every network) but the mean subtraction cancels
 * it: ∇b_k = Σ_batch ∇a_k = 0 exactly in exact arithmetic, so it stays at its initial 0; β_k plays its role.
 * <p>Conventions: the batch loss is the mean of the per-example losses plus (λ/2) Σ_k ‖W_k‖² (biases are not
 * decayed), so ∇a_L carries the factor 1/B and every later gradient inherits it. The last two lines of the loop
 * run only for k ≥ 2: there is no a_0, and h_0 = x is data, not a quantity with a gradient.
 * <p>Each step is a protected method so that a test double can plant one classic bug and show that the checks
 * catch it; each step overwrites its output. Instances hold only the plan and the {@link Parallelism} of their
 * matrix products (which does not change any result), and are safe to share between threads.
 * <p>Training runs this same code without allocating per step: {@link #forward(Parameters, Matrix, ForwardPass)}
 * and {@link #backward(ForwardPass, Parameters, Batch, Gradients)} write into buffers the caller allocated once
 * ({@link ForwardPass#allocate}, {@link Gradients#zeros}), and {@link #loss} reads the pass already computed.
 */
public class Backprop {
    private final Plan plan;
    private final Parallelism products;

    /** Backprop whose matrix products use {@link Parallelism#DEFAULT}. */
    public Backprop(Plan plan) {
        this(plan, Parallelism.DEFAULT);
    }

    /** Backprop whose matrix products are split over up to {@code products} threads. */
    public Backprop(Plan plan, Parallelism products) {
        this.plan = plan;
        this.products = products;
    }

    public Plan plan() {
        return plan;
    }

    /** The threads each matrix product may use. */
    public Parallelism products() {
        return products;
    }

    /** forward_propagation: a_k, h_k for every layer and ŷ, for x of n_0 × B. */
    public ForwardPass forward(Parameters theta, Matrix x) {
        return forward(theta, x, ForwardPass.allocate(plan, x.cols));
    }

    /**
     * forward_propagation into the buffers of {@code into} (from {@link ForwardPass#allocate}(plan, B), x of n_0 × B):
     * overwrites a_k, h_k and ŷ, sets h_0 = x, and returns {@code into}. Allocates nothing.
     */
    public ForwardPass forward(Parameters theta, Matrix x, ForwardPass into) {
        return forwardFrom(0, x, theta, Masks.NONE, true, into);
    }

    /** forward_propagation on the batch's inputs with its dropout masks (training mode when it has masks). */
    public ForwardPass forward(Parameters theta, Batch batch) {
        return forward(theta, batch.x(), batch.masks(), ForwardPass.allocate(plan, batch.size()));
    }

    /** forward_propagation into {@code into} with dropout masks {@code masks} ({@link Masks#NONE}: none). */
    public ForwardPass forward(Parameters theta, Matrix x, Masks masks, ForwardPass into) {
        return forwardFrom(0, x, theta, masks, true, into);
    }

    /**
     * forward_propagation in evaluation mode into {@code into}: batch norm with θ's running mean and variance
     * instead of the batch's statistics, dropout off. The same as {@link #forward(Parameters, Matrix, ForwardPass)}
     * for a plan with neither.
     */
    public ForwardPass evaluate(Parameters theta, Matrix x, ForwardPass into) {
        return forwardFrom(0, x, theta, Masks.NONE, false, into);
    }

    /** The batch loss of a forward pass already computed: (1/B) Σ_examples ℓ(ŷ, y) + (λ/2) Σ_k ‖W_k‖², λ from the plan. */
    public double loss(ForwardPass f, Parameters theta, Batch batch) {
        int depth = plan.depth();
        double data = Losses.value(plan.output().function(), plan.loss(), f.a(depth), f.yhat(), batch.y());
        return data + decayTerm(theta);
    }

    /** back_propagation: ∇W_k, ∇b_k (k = 1..L), ∇a_k (k = 1..L), ∇h_k (k = 1..L−1) of the batch loss. */
    public Gradients backward(ForwardPass f, Parameters theta, Batch batch) {
        return backward(f, theta, batch, new Gradients());
    }

    /**
     * back_propagation into {@code into} ({@link Gradients#zeros}(plan, B) for a training loop: then it allocates
     * nothing): every step overwrites its gradient; a gradient missing from {@code into} or of another shape is
     * allocated and put there; the layers below the loop's last one get zero gradients. Returns {@code into}.
     */
    public Gradients backward(ForwardPass f, Parameters theta, Batch batch, Gradients into) {
        int depth = plan.depth();
        Gradients grad = prepare(into, batch.size());

        outputGradient(f, batch, grad.a(depth));                                   // ∇a_L
        for (int k = depth; k >= lastLayer(); k--) {
            weightGradient(k, grad.a(k), f.h(k - 1), theta, grad.W(k));             // ∇W_k = ∇a_k h_{k−1}ᵀ + λW_k
            biasGradient(k, grad.a(k), grad.b(k));                                  // ∇b_k = Σ_batch ∇a_k
            if (k > 1) {
                hiddenGradient(k, theta.W(k), grad.a(k), grad.h(k - 1));            // ∇h_{k−1} = W_kᵀ ∇a_k
                operationsGradient(k, f, theta, batch.masks(), grad);               // ∇a_{k−1} through g (and more)
            }
        }
        return grad;
    }

    /** forward_propagation then back_propagation. */
    public Gradients gradients(Parameters theta, Batch batch) {
        return backward(forward(theta, batch), theta, batch);
    }

    /**
     * The batch loss with a_k replaced by {@code a_k} (n_k × B, 1 ≤ k ≤ L): h_k = g(a_k) (or ŷ = O(a_L) when k = L),
     * then the forward pass continues to the loss. Finite differences perturb intermediates through this.
     */
    public double lossFromA(int k, Matrix a_k, Parameters theta, Batch batch) {
        int depth = plan.depth();
        checkLayer(k, 1, depth);
        if (k == depth) {
            ForwardPass f = ForwardPass.allocateFrom(plan, depth, a_k.cols);
            f.a()[depth] = a_k;
            Outputs.apply(plan.output().function(), a_k, f.yhat());
            return loss(f, theta, batch);
        }
        ForwardPass f = ForwardPass.allocateFrom(plan, k - 1, a_k.cols);
        f.a()[k] = a_k;
        return lossFromH(k, operations(k, a_k, theta, batch.masks(), true, f), theta, batch);
    }

    /**
     * The batch loss with â_k replaced by {@code ahat_k} (n_k × B) in a batch-normalised layer k: h_k = g(â_k) (with
     * the batch's mask if the layer drops), then the forward pass continues to the loss.
     */
    public double lossFromAhat(int k, Matrix ahat_k, Parameters theta, Batch batch) {
        checkLayer(k, 1, plan.depth() - 1);
        ForwardPass f = ForwardPass.allocateFrom(plan, k - 1, ahat_k.cols);
        return lossFromH(k, afterNormalization(k, ahat_k, batch.masks(), f), theta, batch);
    }

    /** The batch loss with h_k replaced by {@code h_k} (n_k × B, 0 ≤ k ≤ L−1; k = 0 replaces the input x). */
    public double lossFromH(int k, Matrix h_k, Parameters theta, Batch batch) {
        checkLayer(k, 0, plan.depth() - 1);
        return loss(forwardFrom(k, h_k, theta, batch.masks(), true, ForwardPass.allocateFrom(plan, k, h_k.cols)), theta, batch);
    }

    /** ∇a_L = s·∇_{a_L} ℓ for the plan's output/loss pair, s = {@link #batchScale}(B); see {@link OutputGradients}. */
    protected void outputGradient(ForwardPass f, Batch batch, Matrix gradA_L) {
        OutputGradients.compute(plan.output().function(), plan.loss(), f.yhat(), batch.y(),
                batchScale(batch.size()), gradA_L);
    }

    /** ∇W_k = ∇a_k h_{k−1}ᵀ + λ W_k: (n_k × B)(B × n_{k−1}) summed over the batch, plus the decay. */
    protected void weightGradient(int k, Matrix gradA_k, Matrix h_km1, Parameters theta, Matrix gradW_k) {
        Ops.multTransB(products, gradA_k, h_km1, gradW_k);                          // ∇W_k = ∇a_k h_{k−1}ᵀ
        double lambda = decay();
        if (lambda != 0) {
            Ops.addScaled(lambda, theta.W(k), gradW_k);                             // + ∂(λ/2‖W_k‖²)/∂W_k = λW_k
        }
    }

    /** ∇b_k = Σ_batch ∇a_k: each column contributes ∂a_k/∂b_k = I. */
    protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
        Ops.sumRows(gradA_k, gradB_k);                                              // ∇b_k = ∇a_k 1
    }

    /** ∇h_{k−1} = W_kᵀ ∇a_k: (n_{k−1} × n_k)(n_k × B). */
    protected void hiddenGradient(int k, Matrix W_k, Matrix gradA_k, Matrix gradH_km1) {
        Ops.multTransA(products, W_k, gradA_k, gradH_km1);                          // ∇h_{k−1} = W_kᵀ ∇a_k
    }

    /**
     * From ∇h_{k−1} back through layer k−1's operations, the last first: dropout's mask, g′, batch norm's
     * ∇γ, ∇β and ∇a. Each operation's step is a protected method; the gradient flows in {@code g}, starting at
     * ∇h_{k−1} and ending in ∇a_{k−1}.
     */
    private void operationsGradient(int k, ForwardPass f, Parameters theta, Masks masks, Gradients grad) {
        int m = k - 1;
        List<Operation> operations = plan.layer(m).operations();
        Matrix g = grad.h(m);
        boolean normalised = plan.batchNorm(m);
        for (int i = operations.size() - 1; i >= 0; i--) {
            Operation op = operations.get(i);
            g = switch (op.kind()) {   // an expression: a new kind must be handled here
                case DROPOUT -> {
                    Matrix mask = masks.mask(m);
                    if (mask == null) {
                        yield g;                                                       // evaluation: the identity
                    }
                    dropoutGradient(m, g, mask, Operation.p(op), f.gradZ()[m]);       // ∇z_{k−1}
                    yield f.gradZ()[m];
                }
                case ACTIVATION -> {
                    Matrix z = normalised ? f.ahat(m) : f.a(m);
                    Matrix gz = f.gOut()[m] != null ? f.gOut()[m] : f.h(m);
                    Matrix into = normalised ? grad.ahat(m) : grad.a(m);
                    preActivationGradient(k, g, z, gz, into);                          // ∇z ⊙ g′(â or a)
                    yield into;
                }
                case BATCH_NORM -> {
                    scaleShiftGradient(m, g, f.xhat()[m], grad.gamma(m), grad.beta(m)); // ∇γ, ∇β
                    normalizationGradient(m, g, f, theta, grad.a(m));                   // ∇a through μ and σ²
                    yield grad.a(m);
                }
            };
        }
    }

    /**
     * ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1}), with g the activation of layer k−1 (with batch norm the same step
     * gives ∇â_{k−1} = ∇h_{k−1} ⊙ g′(â_{k−1}): then a_km1 is â, gradA_km1 is ∇â; after dropout gradH_km1 is ∇z).
     * h_km1 = g(a_km1) from the forward pass.
     */
    protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
        Activations.derivative(plan.activation(k - 1), a_km1, h_km1, gradA_km1);    // g′(a_{k−1})
        Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);                              // ∇h_{k−1} ⊙ g′(a_{k−1})
    }

    /** ∇z_k = ∇h_k ⊙ m_k / (1 − p): h_k = m_k ⊙ z_k / (1 − p) is linear in z_k. */
    protected void dropoutGradient(int k, Matrix gradH_k, Matrix mask, double p, Matrix gradZ_k) {
        Ops.hadamard(gradH_k, mask, gradZ_k);                                       // ∇h_k ⊙ m_k
        Ops.scale(1.0 / (1.0 - p), gradZ_k);                                        //        / (1 − p)
    }

    /** ∇γ_k = Σ_batch ∇â_k ⊙ x̂_k, ∇β_k = Σ_batch ∇â_k (see {@link BatchNorm}). */
    protected void scaleShiftGradient(int k, Matrix gradAhat_k, Matrix xhat_k, Matrix gradGamma_k, Matrix gradBeta_k) {
        BatchNorm.scaleShiftGradient(gradAhat_k, xhat_k, gradGamma_k, gradBeta_k);
    }

    /** ∇a_k = (γ_k / (B s)) (B ∇â_k − Σ_batch ∇â_k − x̂_k ⊙ Σ_batch ∇â_k ⊙ x̂_k), s = √(σ²_k + ε). */
    protected void normalizationGradient(int k, Matrix gradAhat_k, ForwardPass f, Parameters theta, Matrix gradA_k) {
        BatchNorm.preActivationGradient(gradAhat_k, f.xhat()[k], theta.gamma(k), f.variance()[k], plan.batchNormEps(k),
                gradAhat_k.cols, gradA_k);
    }

    /** The loop {@code for k = L to 1} runs down to this layer: 1. */
    protected int lastLayer() {
        return 1;
    }

    /** The factor of the mean over the batch: 1/B. */
    protected double batchScale(int batchSize) {
        return 1.0 / batchSize;
    }

    /** λ, the L2 decay added to ∇W_k. */
    protected double decay() {
        return plan.weightDecay();
    }

    /** The forward pass from h_start (layer {@code start}, 0 ≤ start ≤ L−1) up to ŷ, into the buffers of f. */
    private ForwardPass forwardFrom(int start, Matrix hStart, Parameters theta, Masks masks, boolean training,
                                    ForwardPass f) {
        int depth = plan.depth();
        if (hStart.rows != plan.units(start)) {
            throw new IllegalArgumentException(Quantity.h(start).label() + " has " + hStart.rows + " rows but layer " + start
                    + " has " + plan.units(start) + " units: " + hStart.shape());
        }
        if (f.batchSize() != hStart.cols) {
            throw new IllegalArgumentException("forward pass buffers for " + f.batchSize() + " examples, but "
                    + Quantity.h(start).label() + " has " + hStart.cols + ": " + hStart.shape());
        }
        f.h()[start] = hStart;
        for (int k = start + 1; k <= depth; k++) {
            Ops.mult(products, theta.W(k), f.h(k - 1), f.a(k));                     // a_k = W_k h_{k−1}
            Ops.addToColumns(theta.b(k), f.a(k));                                   //     + b_k
            if (k < depth) {
                operations(k, f.a(k), theta, masks, training, f);                          // h_k = g(a_k)
            }
        }
        Outputs.apply(plan.output().function(), f.a(depth), f.yhat());              // ŷ = O(a_L)
        return f;
    }

    /**
     * h_k from a_k (both n_k × B) through layer k's operations in order, 1 ≤ k &lt; L: batch norm (training mode,
     * the batch's statistics) into â_k, g, dropout with the mask of {@code masks} (none: the identity); writes the
     * buffers of f and returns f.h(k).
     */
    private Matrix operations(int k, Matrix a_k, Parameters theta, Masks masks, boolean training, ForwardPass f) {
        Matrix x = a_k;
        List<Operation> operations = plan.layer(k).operations();
        for (int i = 0; i < operations.size(); i++) {   // indexed: no iterator per layer and step
            Operation op = operations.get(i);
            x = switch (op.kind()) {
                case BATCH_NORM -> {
                    if (!training) {                                          // running μ, σ²
                        BatchNorm.evaluate(x, theta.gamma(k), theta.beta(k), Operation.eps(op), theta.runningMean(k),
                                theta.runningVariance(k), f.ahat()[k]);
                    } else {
                        BatchNorm.forward(x, theta.gamma(k), theta.beta(k), Operation.eps(op), f.mean()[k],
                                f.variance()[k], f.xhat()[k], f.ahat()[k]);           // â_k = γ x̂_k + β
                    }
                    yield f.ahat()[k];
                }
                case ACTIVATION -> Activations.apply(Operation.g(op), x,
                        f.gOut()[k] != null ? f.gOut()[k] : f.h(k));                // g(â_k) or g(a_k)
                case DROPOUT -> dropout(k, x, masks, Operation.p(op), f.h(k));
            };
        }
        return x;
    }

    /** h_k from â_k: g, then dropout (a layer's operations after batch norm). */
    private Matrix afterNormalization(int k, Matrix ahat_k, Masks masks, ForwardPass f) {
        Matrix x = ahat_k;
        for (Operation op : plan.layer(k).operations()) {
            x = switch (op.kind()) {
                case BATCH_NORM -> ahat_k;
                case ACTIVATION -> Activations.apply(Operation.g(op), x, f.gOut()[k] != null ? f.gOut()[k] : f.h(k));
                case DROPOUT -> dropout(k, x, masks, Operation.p(op), f.h(k));
            };
        }
        return x;
    }

    /** h_k = m_k ⊙ z_k / (1 − p) with the mask of {@code masks}; h_k = z_k without one (evaluation mode). */
    private static Matrix dropout(int k, Matrix z_k, Masks masks, double p, Matrix h_k) {
        Matrix mask = masks.mask(k);
        if (mask == null) {
            System.arraycopy(z_k.data, 0, h_k.data, 0, z_k.size());                 // evaluation: h_k = z_k
            return h_k;
        }
        Ops.hadamard(z_k, mask, h_k);                                               // m_k ⊙ z_k
        Ops.scale(1.0 / (1.0 - p), h_k);                                            //        / (1 − p)
        return h_k;
    }

    /**
     * {@code into} with every gradient of the derivation (see {@link Gradients#zeros}) present in its shape, the
     * existing matrices kept; those of the layers below {@link #lastLayer()}, which the loop does not write, zeroed.
     */
    private Gradients prepare(Gradients into, int batchSize) {
        int depth = plan.depth();
        for (int k = 1; k <= depth; k++) {
            slot(into, Quantity.W(k), plan.units(k), plan.units(k - 1));
            slot(into, Quantity.b(k), plan.units(k), 1);
        }
        for (int k = 1; k < depth; k++) {
            if (plan.batchNorm(k)) {
                slot(into, Quantity.gamma(k), plan.units(k), 1);
                slot(into, Quantity.beta(k), plan.units(k), 1);
                slot(into, Quantity.ahat(k), plan.units(k), batchSize);
            }
        }
        for (int k = 1; k <= depth; k++) {
            slot(into, Quantity.a(k), plan.units(k), batchSize);
        }
        for (int k = 1; k < depth; k++) {
            slot(into, Quantity.h(k), plan.units(k), batchSize);
        }
        for (int k = 1; k < Math.min(lastLayer(), depth + 1); k++) {
            java.util.Arrays.fill(into.W(k).data, 0.0);
            java.util.Arrays.fill(into.b(k).data, 0.0);
            java.util.Arrays.fill(into.a(k).data, 0.0);
            if (k < depth) java.util.Arrays.fill(into.h(k).data, 0.0);
            if (k < depth && plan.batchNorm(k)) {
                java.util.Arrays.fill(into.gamma(k).data, 0.0);
                java.util.Arrays.fill(into.beta(k).data, 0.0);
                java.util.Arrays.fill(into.ahat(k).data, 0.0);
            }
        }
        return into;
    }

    /** The matrix of {@code quantity} in {@code into} if it is rows × cols, else a new zero one put there. */
    private static void slot(Gradients into, Quantity quantity, int rows, int cols) {
        Matrix m = into.get(quantity);
        if (m == null || m.rows != rows || m.cols != cols) {
            into.put(quantity, new Matrix(rows, cols));
        }
    }

    /** (λ/2) Σ_k ‖W_k‖². */
    private double decayTerm(Parameters theta) {
        double lambda = plan.weightDecay();
        if (lambda == 0) {
            return 0;
        }
        double squares = 0;
        for (int k = 1; k <= plan.depth(); k++) {
            squares += Ops.sumOfSquares(theta.W(k));
        }
        return 0.5 * lambda * squares;
    }

    private static void checkLayer(int k, int lo, int hi) {
        if (k < lo || k > hi) {
            throw new IllegalArgumentException("layer " + k + " outside " + lo + ".." + hi);
        }
    }
}
