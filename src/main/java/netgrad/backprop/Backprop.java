package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Layer;
import netgrad.plan.Plan;

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
 * Conventions: the batch loss is the mean of the per-example losses plus (λ/2) Σ_k ‖W_k‖² (biases are not
 * decayed), so ∇a_L carries the factor 1/B and every later gradient inherits it. The last two lines of the loop
 * run only for k ≥ 2: there is no a_0, and h_0 = x is data, not a quantity with a gradient.
 * <p>Each step is a protected method so that a test double can plant one classic bug and show that the checks
 * catch it. Instances hold only the plan and are safe to share between threads.
 */
public class Backprop {
    private final Plan plan;

    public Backprop(Plan plan) {
        this.plan = plan;
    }

    public Plan plan() {
        return plan;
    }

    /** forward_propagation: a_k, h_k for every layer and ŷ, for x of n_0 × B. */
    public ForwardPass forward(Parameters theta, Matrix x) {
        return forwardFrom(0, x, theta);
    }

    /** The batch loss: (1/B) Σ_examples ℓ(ŷ, y) + (λ/2) Σ_k ‖W_k‖², with λ from the plan. */
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
     * back_propagation into {@code into}, for training loops that want no allocation per step: matrices already in
     * {@code into} with the right shape are zeroed and overwritten, the others are (re)allocated and put there.
     * Returns {@code into}.
     */
    public Gradients backward(ForwardPass f, Parameters theta, Batch batch, Gradients into) {
        int depth = plan.depth();
        int batchSize = batch.size();
        Matrix[] gradW = new Matrix[depth + 1];
        Matrix[] gradB = new Matrix[depth + 1];
        Matrix[] gradA = new Matrix[depth + 1];
        Matrix[] gradH = new Matrix[depth];
        for (int k = 1; k <= depth; k++) {
            gradW[k] = slot(into, "W" + k, plan.units(k), plan.units(k - 1));
            gradB[k] = slot(into, "b" + k, plan.units(k), 1);
        }
        for (int k = 1; k <= depth; k++) {
            gradA[k] = slot(into, "a" + k, plan.units(k), batchSize);
        }
        for (int k = 1; k < depth; k++) {
            gradH[k] = slot(into, "h" + k, plan.units(k), batchSize);
        }

        outputGradient(f, batch, gradA[depth]);                                   // ∇a_L
        for (int k = depth; k >= lastLayer(); k--) {
            weightGradient(k, gradA[k], f.h(k - 1), theta, gradW[k]);              // ∇W_k = ∇a_k h_{k−1}ᵀ + λW_k
            biasGradient(k, gradA[k], gradB[k]);                                    // ∇b_k = Σ_batch ∇a_k
            if (k > 1) {
                hiddenGradient(k, theta.W(k), gradA[k], gradH[k - 1]);              // ∇h_{k−1} = W_kᵀ ∇a_k
                preActivationGradient(k, gradH[k - 1], f.a(k - 1), f.h(k - 1), gradA[k - 1]); // ∇h_{k−1} ⊙ g′(a_{k−1})
            }
        }
        return into;
    }

    /** forward_propagation then back_propagation. */
    public Gradients gradients(Parameters theta, Batch batch) {
        return backward(forward(theta, batch.x()), theta, batch);
    }

    /**
     * The batch loss with a_k replaced by {@code a_k} (n_k × B, 1 ≤ k ≤ L): h_k = g(a_k) (or ŷ = O(a_L) when k = L),
     * then the forward pass continues to the loss. Finite differences perturb intermediates through this.
     */
    public double lossFromA(int k, Matrix a_k, Parameters theta, Batch batch) {
        int depth = plan.depth();
        checkLayer(k, 1, depth);
        if (k == depth) {
            Matrix[] a = new Matrix[depth + 1];
            a[depth] = a_k;
            Matrix yhat = new Matrix(a_k.rows, a_k.cols);
            Outputs.apply(plan.output().function(), a_k, yhat);
            return loss(new ForwardPass(a, new Matrix[depth], yhat), theta, batch);
        }
        Matrix h_k = new Matrix(a_k.rows, a_k.cols);
        Activations.apply(plan.activation(k), a_k, h_k);
        return lossFromH(k, h_k, theta, batch);
    }

    /** The batch loss with h_k replaced by {@code h_k} (n_k × B, 0 ≤ k ≤ L−1; k = 0 replaces the input x). */
    public double lossFromH(int k, Matrix h_k, Parameters theta, Batch batch) {
        checkLayer(k, 0, plan.depth() - 1);
        return loss(forwardFrom(k, h_k, theta), theta, batch);
    }

    /** ∇a_L = s·∇_{a_L} ℓ for the plan's output/loss pair, s = {@link #batchScale}(B); see {@link OutputGradients}. */
    protected void outputGradient(ForwardPass f, Batch batch, Matrix gradA_L) {
        OutputGradients.compute(plan.output().function(), plan.loss(), f.yhat(), batch.y(),
                batchScale(batch.size()), gradA_L);
    }

    /** ∇W_k = ∇a_k h_{k−1}ᵀ + λ W_k: (n_k × B)(B × n_{k−1}) summed over the batch, plus the decay. */
    protected void weightGradient(int k, Matrix gradA_k, Matrix h_km1, Parameters theta, Matrix gradW_k) {
        Ops.multTransB(gradA_k, h_km1, gradW_k);                                  // ∇W_k = ∇a_k h_{k−1}ᵀ
        double lambda = decay();
        if (lambda != 0) {
            Ops.addScaled(gradW_k, lambda, theta.W(k));                             // + ∂(λ/2‖W_k‖²)/∂W_k = λW_k
        }
    }

    /** ∇b_k = Σ_batch ∇a_k: each column contributes ∂a_k/∂b_k = I. */
    protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
        Ops.sumRows(gradA_k, gradB_k);                                              // ∇b_k = ∇a_k 1
    }

    /** ∇h_{k−1} = W_kᵀ ∇a_k: (n_{k−1} × n_k)(n_k × B). */
    protected void hiddenGradient(int k, Matrix W_k, Matrix gradA_k, Matrix gradH_km1) {
        Ops.multTransA(W_k, gradA_k, gradH_km1);                                  // ∇h_{k−1} = W_kᵀ ∇a_k
    }

    /** ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1}), with g the activation of layer k−1. */
    protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
        Activations.derivative(plan.activation(k - 1), a_km1, h_km1, gradA_km1);  // g′(a_{k−1})
        Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);                             // ∇h_{k−1} ⊙ g′(a_{k−1})
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

    /** The forward pass from h_start (layer {@code start}, 0 ≤ start ≤ L−1) up to ŷ; layers below stay null. */
    private ForwardPass forwardFrom(int start, Matrix hStart, Parameters theta) {
        int depth = plan.depth();
        if (hStart.rows != plan.units(start)) {
            throw new IllegalArgumentException("h" + start + " has " + hStart.rows + " rows but layer " + start
                    + " has " + plan.units(start) + " units: " + hStart.shape());
        }
        int batchSize = hStart.cols;
        Matrix[] a = new Matrix[depth + 1];
        Matrix[] h = new Matrix[depth];
        h[start] = hStart;
        for (int k = start + 1; k <= depth; k++) {
            a[k] = new Matrix(plan.units(k), batchSize);
            Ops.mult(theta.W(k), h[k - 1], a[k]);                                  // a_k = W_k h_{k−1}
            Ops.addColumn(a[k], theta.b(k));                                        //     + b_k
            if (k < depth) {
                h[k] = new Matrix(plan.units(k), batchSize);
                Activations.apply(plan.activation(k), a[k], h[k]);                 // h_k = g(a_k)
            }
        }
        Matrix yhat = new Matrix(plan.units(depth), batchSize);
        Outputs.apply(plan.output().function(), a[depth], yhat);                    // ŷ = O(a_L)
        return new ForwardPass(a, h, yhat);
    }

    /** The matrix called {@code name} in {@code into}, zeroed, or a new one of rows × cols put there. */
    private static Matrix slot(Gradients into, String name, int rows, int cols) {
        Matrix m = into.get(name);
        if (m != null && m.rows == rows && m.cols == cols) {
            java.util.Arrays.fill(m.data, 0.0);
            return m;
        }
        m = new Matrix(rows, cols);
        into.put(name, m);
        return m;
    }

    /** (λ/2) Σ_k ‖W_k‖². */
    private double decayTerm(Parameters theta) {
        double lambda = plan.weightDecay();
        if (lambda == 0) {
            return 0;
        }
        double squares = 0;
        for (Layer layer : plan.layers()) {
            squares += Ops.sumOfSquares(theta.W(layer.k()));
        }
        return 0.5 * lambda * squares;
    }

    private static void checkLayer(int k, int lo, int hi) {
        if (k < lo || k > hi) {
            throw new IllegalArgumentException("layer " + k + " outside " + lo + ".." + hi);
        }
    }
}
