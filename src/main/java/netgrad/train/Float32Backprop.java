package netgrad.train;

import netgrad.linalg.FloatMatrix;
import netgrad.linalg.FloatOps;
import netgrad.linalg.Parallelism;
import netgrad.plan.Plan;

/**
 * Lecture 4's forward_propagation and back_propagation in float32, for training only (verify checks
 * {@link netgrad.backprop.Backprop}, in double; FloatStepTest checks this against it). Same formulas, same order:
 * <pre>
 *   a_k = b_k + W_k h_{k−1},  h_k = g(a_k)  (k &lt; L),  ŷ = O(a_L)
 *   ∇a_L = (1/B)·∇_{a_L} ℓ;  for k = L to 1:  ∇W_k = ∇a_k h_{k−1}ᵀ + λW_k,  ∇b_k = ∇a_k 1,
 *                                           ∇h_{k−1} = W_kᵀ ∇a_k,  ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})  (k ≥ 2)
 * </pre>
 * on plain networks (no batch norm or dropout: see {@link Precision#refusal}). The weights W_k, b_k are float
 * matrices held here and shared by the threads of a step, which only read them; each thread's buffers are its own
 * {@link Float32Part}. Nothing is allocated per step.
 */
final class Float32Backprop {
    private final Plan plan;
    private final Parallelism products;
    private final float lambda;
    final FloatMatrix[] W;   // W_1..W_L
    final FloatMatrix[] b;   // b_1..b_L

    Float32Backprop(Plan plan, Parallelism products) {
        this.plan = plan;
        this.products = products;
        this.lambda = (float) plan.weightDecay();
        int depth = plan.depth();
        W = new FloatMatrix[depth + 1];
        b = new FloatMatrix[depth + 1];
        for (int k = 1; k <= depth; k++) {
            W[k] = new FloatMatrix(plan.units(k), plan.units(k - 1));
            b[k] = new FloatMatrix(plan.units(k), 1);
        }
    }

    Plan plan() {
        return plan;
    }

    /** forward_propagation of the part's x into its a_k, h_k and ŷ. */
    void forward(Float32Part p) {
        int depth = plan.depth();
        for (int k = 1; k <= depth; k++) {
            FloatOps.mult(products, W[k], p.h[k - 1], p.a[k]);                      // a_k = W_k h_{k−1}
            FloatOps.addToColumns(b[k], p.a[k]);                                    //     + b_k
            if (k < depth) {
                Float32Functions.activate(plan.activation(k), p.a[k], p.h[k], p.scratchIn, p.scratchOut);  // h_k = g(a_k)
            }
        }
        Float32Functions.output(plan.output().function(), p.a[depth], p.yhat, p.logSumExp);     // ŷ = O(a_L)
    }

    /** (1/B) Σ ℓ(ŷ, y) of the last forward pass, without the decay term (see {@link #decayTerm}). */
    double dataLoss(Float32Part p) {
        int depth = plan.depth();
        return Float32Functions.loss(plan.output().function(), plan.loss(), p.a[depth], p.yhat, p.y,
                p.logSumExp);
    }

    /** (λ/2) Σ_k ‖W_k‖², summed in double. */
    double decayTerm() {
        if (lambda == 0) return 0;
        double squares = 0;
        for (int k = 1; k <= plan.depth(); k++) {
            for (float w : W[k].data) squares += (double) w * w;
        }
        return 0.5 * plan.weightDecay() * squares;
    }

    /**
     * back_propagation of a part of a batch of {@code batchSize} examples down to every ∇a_k, for the split by rows
     * (see {@link Float32Steps}): ∇a_L = (1/B)∇_{a_L} ℓ with the whole batch's B, h_{k−1}ᵀ kept where the slide
     * computes ∇W_k, ∇b_k left to the rows' owners.
     */
    void backwardToDeltas(Float32Part p, int batchSize) {
        int depth = plan.depth();
        Float32Functions.outputGradient(plan.output().function(), plan.loss(), p.yhat, p.y,
                (float) (1.0 / batchSize), p.gradA[depth]);                        // ∇a_L, the batch's 1/B
        for (int k = depth; k >= 1; k--) {
            if (k > 1) FloatOps.transpose(p.h[k - 1], p.hT[k]);                    // h_{k−1}ᵀ (xᵀ: filled by fill)
            if (k > 1) {
                FloatOps.multTransA(products, W[k], p.gradA[k], p.gradH[k - 1]);   // ∇h_{k−1} = W_kᵀ ∇a_k
                Float32Functions.backThrough(plan.activation(k - 1), p.a[k - 1], p.h[k - 1], p.gradH[k - 1],
                        p.gradA[k - 1], p.scratchIn, p.scratchOut);                 // ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})
            }
        }
    }

    /**
     * Rows [r0, r1) of ∇W_k = Σ_q ∇a_k^(q) h_{k−1}^(q)ᵀ + λW_k and ∇b_k = Σ_q ∇a_k^(q) 1 over the parts q in order
     * (null: none), into gradW (n_k × n_{k−1}) and gradB (n_k entries): one chain of additions over the batch.
     */
    void parameterRows(int k, Float32Part[] parts, int r0, int r1, FloatMatrix gradW, float[] gradB) {
        weightRows(k, parts, r0, r1, gradW);
        biasRows(k, parts, r0, r1, gradB);
    }

    private void weightRows(int k, Float32Part[] parts, int r0, int r1, FloatMatrix gradW) {
        boolean first = true;
        for (Float32Part q : parts) {
            if (q == null) continue;
            FloatOps.multRows(q.gradA[k], q.hT[k], gradW, r0, r1, !first);          // ∇W_k[R] = Σ_q ∇a_k^(q) h^(q)ᵀ
            first = false;
        }
        if (lambda != 0) {
            float[] g = gradW.data, w = W[k].data;
            for (int i = r0 * gradW.cols; i < r1 * gradW.cols; i++) g[i] += lambda * w[i];   //        + λW_k
        }
    }

    private static void biasRows(int k, Float32Part[] parts, int r0, int r1, float[] gradB) {
        for (int i = r0; i < r1; i++) {
            float sum = 0;
            for (Float32Part q : parts) {
                if (q == null) continue;
                float[] a = q.gradA[k].data;
                for (int j = 0, at = i * q.gradA[k].cols; j < q.gradA[k].cols; j++) sum += a[at + j];   // ∇b_k = ∇a_k 1
            }
            gradB[i] = sum;
        }
    }

    /** back_propagation into the part's gradients, from its last forward pass. */
    void backward(Float32Part p) {
        int depth = plan.depth();
        Float32Functions.outputGradient(plan.output().function(), plan.loss(), p.yhat, p.y,
                (float) (1.0 / p.batchSize()), p.gradA[depth]);                    // ∇a_L
        for (int k = depth; k >= 1; k--) {
            FloatOps.multTransB(products, p.gradA[k], p.h[k - 1], p.gradW[k]);     // ∇W_k = ∇a_k h_{k−1}ᵀ
            if (lambda != 0) {
                float[] g = p.gradW[k].data, w = W[k].data;
                for (int i = 0; i < g.length; i++) g[i] += lambda * w[i];           //       + λW_k
            }
            FloatOps.sumRows(p.gradA[k], p.gradB[k]);                               // ∇b_k = ∇a_k 1
            if (k > 1) {
                FloatOps.multTransA(products, W[k], p.gradA[k], p.gradH[k - 1]);   // ∇h_{k−1} = W_kᵀ ∇a_k
                Float32Functions.backThrough(plan.activation(k - 1), p.a[k - 1], p.h[k - 1], p.gradH[k - 1],
                        p.gradA[k - 1], p.scratchIn, p.scratchOut);                 // ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})
            }
        }
    }
}
