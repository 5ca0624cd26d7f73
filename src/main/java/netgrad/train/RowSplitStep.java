package netgrad.train;

import java.util.HashMap;
import java.util.Map;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The batch split of {@link StepRunner} for a plain network (no batch norm or dropout) on the hand-derived backprop,
 * arranged so that no thread sums another's gradients. A step of B examples on T threads, parts of s_p examples:
 * <pre>
 *   phase 1, thread p on its part:  forward_propagation; ∇a_L = (1/B) ∇_{a_L} ℓ (the mean over the whole batch);
 *                                   for k = L to 1: keep h_{k−1}ᵀ; ∇h_{k−1} = W_kᵀ ∇a_k, ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})
 *   phase 2, thread p on its rows R of every layer k:
 *            ∇W_k[R] = Σ_q ∇a_k^(q)[R] h_{k−1}^(q)ᵀ + λ W_k[R],   ∇b_k[R] = Σ_q ∇a_k^(q)[R] 1,
 *            then the finiteness check and the update of rows R of W_k and b_k, block by block
 * </pre>
 * The sums over the parts q continue one chain of multiply-adds in the order of the examples (see
 * {@link Ops#multRows}), and every other step is the same column by column, so a step gives exactly the weights it
 * gives on one thread, bit for bit, whatever T. Each thread reads the other parts' ∇a_k and h_{k−1}ᵀ (n_k × s_q and
 * s_q × n_{k−1}) instead of summing their n_k × n_{k−1} gradients, and writes each gradient entry once.
 */
final class RowSplitStep {
    private final Plan plan;
    private final int threads;
    private final int depth;
    private final PartBackprop[] engines;      // part p's back_propagation down to the ∇a_k
    private final Map<StepBuffers, Matrix[]> transposes = new HashMap<>();   // h_{k−1}ᵀ of each part's buffers
    private final Matrix[][] partTransposes;   // [part][k]: this step's
    private final Matrix[] gradW;              // the batch's ∇W_k (n_k × n_{k−1}), on the arrays of `summed`
    private final Matrix[] gradB;
    private final int[] weightIndex;           // k → the tensor index of W_k, b_k in StepRunner's order
    private final int[] biasIndex;

    RowSplitStep(Backprop backprop, int threads, Quantity[] quantities, double[][] summed) {
        this.plan = backprop.plan();
        this.threads = threads;
        this.depth = plan.depth();
        engines = new PartBackprop[threads];
        for (int p = 0; p < threads; p++) engines[p] = new PartBackprop(backprop);
        partTransposes = new Matrix[threads][];
        gradW = new Matrix[depth + 1];
        gradB = new Matrix[depth + 1];
        weightIndex = new int[depth + 1];
        biasIndex = new int[depth + 1];
        for (int i = 0; i < quantities.length; i++) {
            Quantity q = quantities[i];
            int k = q.k(), n = plan.units(k);
            if (q.kind() == Quantity.Kind.WEIGHT) {
                weightIndex[k] = i;
                gradW[k] = new Matrix(n, plan.units(k - 1), summed[i]);
            } else if (q.kind() == Quantity.Kind.BIAS) {
                biasIndex[k] = i;
                gradB[k] = new Matrix(n, 1, summed[i]);
            }
        }
    }

    /**
     * Whether this step applies: the hand-derived backprop itself on a plain network, and either T &gt; 1 threads
     * splitting the batch or one thread with unsplit products (T = 1 is then this step on one part: x is filled
     * transposed from the bytes instead of transposing it for ∇W_1).
     */
    static boolean applies(Backprop backprop, GradientEngine engine, int threads) {
        return engine == GradientEngine.BACKPROP && backprop.getClass() == Backprop.class
                && !backprop.plan().couplesExamples() && (threads > 1 || backprop.products().threads() == 1);
    }

    /**
     * Phase 1 for part p, whose buffers {@code s} hold examples order[from..) of {@code data} (filled): xᵀ from the
     * bytes, forward and back propagation down to the ∇a_k; returns its loss L_p.
     */
    double forwardBackward(int p, StepBuffers s, Parameters theta, int batchSize, DataSet data, int[] order, int from) {
        PartBackprop engine = engines[p];
        engine.scale = 1.0 / batchSize;
        engine.transposes = partTransposes[p] = transposes(s);
        data.fillTransposed(order, from, engine.transposes[1]);              // h_0ᵀ = xᵀ, the bytes' own layout
        engine.forward(theta, s.x, s.batch.masks(), s.pass);                  // forward_propagation
        double loss = engine.loss(s.pass, theta, s.batch);                    // L_p, the part's mean (+ decay)
        engine.backward(s.pass, theta, s.batch, s.gradients);                 // down to ∇a_1, keeping h_{k−1}ᵀ
        return loss;
    }

    /**
     * Phase 2 for thread p: the rows it owns of every ∇W_k, ∇b_k from the parts' ∇a_k and h_{k−1}ᵀ, then their check
     * and update; sets nonFinite[i] for a tensor whose rows of p were not all finite (those rows are not updated).
     */
    void rowsAndUpdate(int p, StepBuffers[] parts, double[][] thetaArrays, Optimizer optimizer, boolean[] nonFinite,
                       int block) {
        java.util.Arrays.fill(nonFinite, false);
        for (int k = 1; k <= depth; k++) {
            int n = plan.units(k), m = plan.units(k - 1);
            int r0 = rowStart(n, threads, p), r1 = rowStart(n, threads, p + 1);
            if (r0 >= r1) continue;
            double[] w = thetaArrays[weightIndex[k]];
            weightRows(k, parts, w, r0, r1);
            biasRows(k, parts, r0, r1);
            nonFinite[weightIndex[k]] = !checkAndUpdate(optimizer, weightIndex[k], w, gradW[k].data, r0 * m, r1 * m,
                    block);
            nonFinite[biasIndex[k]] = !checkAndUpdate(optimizer, biasIndex[k], thetaArrays[biasIndex[k]],
                    gradB[k].data, r0, r1, block);
        }
    }

    /** ∇W_k[R] = Σ_q ∇a_k^(q)[R] h_{k−1}^(q)ᵀ + λ W_k[R], the parts in order continuing one chain. */
    private void weightRows(int k, StepBuffers[] parts, double[] w, int r0, int r1) {
        Matrix gW = gradW[k];
        boolean first = true;
        for (int q = 0; q < parts.length; q++) {
            if (parts[q] == null) continue;
            Ops.multRows(parts[q].gradients.a(k), partTransposes[q][k], gW, r0, r1, !first);   // Σ_q ∇a_k^(q) h^(q)ᵀ
            first = false;
        }
        double lambda = plan.weightDecay();
        if (lambda != 0) {
            for (int e = r0 * gW.cols; e < r1 * gW.cols; e++) gW.data[e] += lambda * w[e];      // + λW_k
        }
    }

    /** ∇b_k[R] = Σ_q ∇a_k^(q)[R] 1: each row's sum over the parts' columns, left to right. */
    private void biasRows(int k, StepBuffers[] parts, int r0, int r1) {
        double[] gb = gradB[k].data;
        for (int i = r0; i < r1; i++) {
            double sum = 0;
            for (StepBuffers s : parts) {
                if (s == null) continue;
                Matrix a = s.gradients.a(k);
                for (int j = 0, at = i * a.cols; j < a.cols; j++) sum += a.data[at + j];
            }
            gb[i] = sum;
        }
    }

    /** Blocks of g[from..to) checked and then applied to θ while in cache; false (and the rest left) at a non-finite one. */
    private static boolean checkAndUpdate(Optimizer optimizer, int i, double[] theta, double[] g, int from, int to,
                                          int block) {
        for (int lo = from; lo < to; lo += block) {
            int hi = Math.min(to, lo + block);
            if (!Finite.all(g, lo, hi)) return false;
            optimizer.update(i, theta, g, lo, hi);                                // θ ← rule(θ, ∇θ)
        }
        return true;
    }

    /** The first row of thread p's rows (of T) of an n-row layer: blocks of whole 6-row tiles of the product kernel. */
    static int rowStart(int n, int threads, int p) {
        int chunk = ((n + threads - 1) / threads + 5) / 6 * 6;
        return Math.min(n, p * chunk);
    }

    /** h_{k−1}ᵀ buffers (s × n_{k−1}, k = 1..L) for the part buffers s: made once per buffers. */
    private Matrix[] transposes(StepBuffers s) {
        Matrix[] known = transposes.get(s);
        if (known != null) return known;
        Matrix[] t = new Matrix[depth + 1];
        for (int k = 1; k <= depth; k++) t[k] = new Matrix(s.batchSize(), plan.units(k - 1));
        transposes.put(s, t);
        return t;
    }

    /**
     * back_propagation with ∇a_L scaled by the whole batch's 1/B and the parameter gradients left to phase 2: where
     * the slide computes ∇W_k it keeps h_{k−1}ᵀ, and ∇b_k waits for the other parts.
     */
    private static final class PartBackprop extends Backprop {
        double scale;
        Matrix[] transposes;

        PartBackprop(Backprop backprop) {
            super(backprop.plan(), backprop.products());
        }

        @Override
        protected double batchScale(int partSize) {
            return scale;                                                         // 1/B, not 1/s_p
        }

        @Override
        protected void weightGradient(int k, Matrix gradA_k, Matrix h_km1, Parameters theta, Matrix gradW_k) {
            if (k > 1) Ops.transpose(h_km1, transposes[k]);                       // h_{k−1}ᵀ for phase 2 (xᵀ: filled)
        }

        @Override
        protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
            // phase 2 sums the parts' ∇a_k
        }
    }
}
