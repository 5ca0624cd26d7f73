package netgrad.train;

import java.util.HashMap;
import java.util.Map;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.model.Parameters;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;

/**
 * One training step on T threads by splitting the batch: part p (s_p examples, Σ s_p = B) runs forward and back
 * propagation ({@link Backprop}, or the tape) on its own {@link StepBuffers}, giving the mean loss L_p and gradient ∇_p over its examples (each including
 * the decay term). The batch's are the weighted sums
 * <pre>  L = Σ_p (s_p/B) L_p,   ∇θ = Σ_p (s_p/B) ∇_p θ </pre>
 * (the mean over B examples, and Σ_p s_p/B · λW = λW). Then each thread sums its slice of every gradient tensor and
 * applies the optimizer to that slice of θ. With T = 1 the single part's gradient is used directly.
 */
final class StepRunner implements AutoCloseable {
    private final Plan plan;
    private DataSet stepData;          // what the step's tasks read: set by step before the pool runs them
    private int[] stepOrder;
    private Parameters stepTheta;
    private Optimizer stepOptimizer;
    private final Backprop backprop;
    private final GradientEngine engine;
    private final WorkerPool pool;
    private final int threads;
    private final Map<Long, StepBuffers> buffers = new HashMap<>();
    private final Map<StepBuffers, double[][]> gradientArrays = new HashMap<>();
    private final double[][] summed;   // the batch gradient when T > 1
    private final double[][] thetaArrays;
    private final Quantity[] quantities;          // what thetaArrays[i] holds
    private final java.util.SplittableRandom masks;   // draws dropout's masks, step after step
    private final StepBuffers[] parts;
    private final StepBuffers[] lastBuffers;   // part p's buffers of the last step
    private final double[] weights;
    private final double[] losses;
    private final int[] starts;
    private final boolean[][] nonFinite; // [thread][tensor]
    private final double[][][] partGradients; // ∇_p θ tensors of each part, looked up before the parallel phase
    private final java.util.function.IntConsumer forwardBackward = this::forwardBackward;
    private final java.util.function.IntConsumer sumAndUpdate = p -> sumAndUpdate(p, this.stepOptimizer);
    private final Float32Steps float32;       // the steps of --precision float32, or null
    private final RowSplitStep rows;          // the split of a plain network's backprop step by rows, or null
    private int stepBatch;                    // B of the step being taken

    /** What a step found: its loss and the first layer with a non-finite loss/gradient (0 when all finite). */
    int badLayer;
    String badQuantity;

    /** Steps of {@code backprop}'s plan (backprop, shared by the threads, also gives the products' parallelism). */
    StepRunner(Backprop backprop, GradientEngine engine, int threads, Parameters theta, long maskSeed) {
        this(backprop, engine, threads, theta, maskSeed, Precision.FLOAT64, null);
    }

    /**
     * The same in {@code precision}: float32 steps are {@link Float32Steps}'s (θ is rounded to float32 first), with
     * the rule of {@code training} in float32 (the {@link Optimizer} given to {@link #step} is then not used).
     */
    StepRunner(Backprop backprop, GradientEngine engine, int threads, Parameters theta, long maskSeed,
               Precision precision, Training training) {
        this.float32 = precision == Precision.FLOAT32
                ? new Float32Steps(backprop.plan(), training, backprop.products(), threads, theta) : null;
        this.plan = backprop.plan();
        this.backprop = backprop;
        this.engine = engine;
        this.threads = threads;
        this.pool = threads > 1 && float32 == null ? new WorkerPool(threads) : null;
        quantities = plan.parameters().toArray(new Quantity[0]);   // W_k, b_k (γ_k, β_k) in layer order
        boolean rowSplit = float32 == null && RowSplitStep.applies(backprop, engine, threads);
        int tensors = quantities.length;
        thetaArrays = new double[tensors][];
        summed = new double[tensors][];
        for (int i = 0; i < tensors; i++) {
            thetaArrays[i] = theta.get(quantities[i]).data;
            summed[i] = threads > 1 || rowSplit ? new double[thetaArrays[i].length] : null;
        }
        this.masks = new java.util.SplittableRandom(maskSeed);
        parts = new StepBuffers[threads];
        lastBuffers = new StepBuffers[threads];
        weights = new double[threads];
        losses = new double[threads];
        starts = new int[threads];
        nonFinite = new boolean[threads][tensors];
        partGradients = new double[threads][][];
        rows = rowSplit ? new RowSplitStep(backprop, threads, quantities, summed) : null;
    }

    int[] sizes() {
        int[] sizes = new int[thetaArrays.length];
        for (int i = 0; i < sizes.length; i++) sizes[i] = thetaArrays[i].length;
        return sizes;
    }

    /** The buffers of part p for batches of {@code size} (the last ones of part p again without a map lookup). */
    StepBuffers buffers(int part, int size) {
        StepBuffers last = lastBuffers[part];
        if (last != null && last.batchSize() == size) {
            return last;                                   // every step but the epoch's last: nothing allocated
        }
        StepBuffers s = buffers.computeIfAbsent(((long) part << 32) | size, key -> new StepBuffers(plan, size));
        lastBuffers[part] = s;
        return s;
    }

    /** Examples of the last step whose arg max ŷ was their label. */
    int correct() {
        if (float32 != null) return float32.correct();
        int n = 0;
        for (StepBuffers s : parts) {
            if (s != null) n += s.correct();
        }
        return n;
    }

    /**
     * Computes the loss and gradient of examples order[from..from+b) of {@code data}, and unless a number is not
     * finite, applies {@code optimizer}. Returns the loss; {@link #badLayer} says whether the step was refused.
     */
    double step(Parameters theta, DataSet data, int[] order, int from, int b, Optimizer optimizer) {
        if (float32 != null) {
            double loss = float32.step(data, order, from, b);
            badLayer = float32.badLayer;
            badQuantity = float32.badQuantity;
            return loss;
        }
        badLayer = 0;
        int used = Math.min(threads, b);
        int offset = 0;
        for (int p = 0; p < threads; p++) {
            int size = p < used ? b / used + (p < b % used ? 1 : 0) : 0;
            parts[p] = size == 0 ? null : buffers(p, size);
            partGradients[p] = size == 0 ? null : gradientArrays(parts[p]);
            weights[p] = (double) size / b;
            starts[p] = from + offset;
            offset += size;
        }
        if (pool == null && rows != null) {
            return rowStep(theta, data, order, from, b, optimizer);
        }
        if (pool == null) {
            parts[0].fill(data, order, from);
            parts[0].batch.masks().redraw(masks);                    // fresh m_k for this step (none without dropout)
            double loss = singleStep(theta, optimizer);
            if (badLayer == 0) {
                updateRunningStatistics(theta, parts[0]);
            }
            return loss;
        }
        stepData = data;
        stepOrder = order;
        stepTheta = theta;
        stepOptimizer = optimizer;
        stepBatch = b;
        pool.run(forwardBackward);
        double loss = 0;
        for (int p = 0; p < threads; p++) {
            if (parts[p] != null) loss += weights[p] * losses[p];
        }
        if (!Double.isFinite(loss)) {
            refuseForLoss();
            return loss;
        }
        optimizer.beginStep();
        pool.run(sumAndUpdate);
        noteNonFiniteGradient();
        return loss;
    }

    /** {@link #badLayer}: the layer of the first tensor (in θ's order) some thread found not finite, if any. */
    private void noteNonFiniteGradient() {
        for (int i = 0; i < thetaArrays.length && badLayer == 0; i++) {
            for (int p = 0; p < threads; p++) {
                if (nonFinite[p][i]) {
                    badLayer = quantities[i].k();
                    badQuantity = "gradient";
                }
            }
        }
    }

    /** Part p's forward and back propagation (the tasks are fields, so that a step makes no lambda). */
    private void forwardBackward(int p) {
        StepBuffers s = parts[p];
        if (s != null) {
            s.fill(stepData, stepOrder, starts[p]);                          // DataSet is read-only: safe to share
            losses[p] = rows != null ? rows.forwardBackward(p, s, stepTheta, stepBatch, stepData, stepOrder, starts[p])
                    : engine.lossAndGradients(backprop, stepTheta, s);       // so is Backprop; the buffers are p's own
        }
    }

    /** One thread on a plain network: {@link RowSplitStep} with one part (all rows its own). */
    private double rowStep(Parameters theta, DataSet data, int[] order, int from, int b, Optimizer optimizer) {
        StepBuffers s = parts[0];
        s.fill(data, order, from);
        double loss = rows.forwardBackward(0, s, theta, b, data, order, from);
        if (!Double.isFinite(loss)) {
            refuseForLoss();
            return loss;
        }
        optimizer.beginStep();
        rows.rowsAndUpdate(0, parts, thetaArrays, optimizer, nonFinite[0], BLOCK);
        noteNonFiniteGradient();                               // θ is set back to the last epoch's by the trainer
        return loss;
    }

    private double singleStep(Parameters theta, Optimizer optimizer) {
        StepBuffers s = parts[0];
        double loss = engine.lossAndGradients(backprop, theta, s);
        if (!Double.isFinite(loss)) {
            refuseForLoss();
            return loss;
        }
        double[][] g = gradientArrays(s);
        optimizer.beginStep();
        for (int i = 0; i < thetaArrays.length; i++) {
            int n = thetaArrays[i].length;
            for (int lo = 0; lo < n; lo += BLOCK) {
                int hi = Math.min(n, lo + BLOCK);
                if (!Finite.all(g[i], lo, hi)) {      // the first layer whose gradient is not finite
                    badLayer = quantities[i].k();
                    badQuantity = "gradient";
                    return loss;                       // θ is set back to the last epoch's by the trainer
                }
                optimizer.update(i, thetaArrays[i], g[i], lo, hi);   // θ ← rule(θ, ∇θ) on a block just checked
            }
        }
        return loss;
    }

    /**
     * Entries checked for finiteness and then updated together: 4096 doubles (32 KiB) stay in the first-level
     * cache between the check and the update, so the check costs no second trip through memory.
     */
    private static final int BLOCK = 4096;

    /**
     * Batch norm's running statistics after a step: μ̄ ← (1 − m) μ̄ + m μ_batch, σ̄² ← (1 − m) σ̄² + m σ²_batch
     * B/(B − 1) (the unbiased estimate, as evaluation sees a population), m = {@link Operation#MOMENTUM}.
     */
    private void updateRunningStatistics(Parameters theta, StepBuffers s) {
        int b = s.batchSize();
        double unbiased = b > 1 ? (double) b / (b - 1) : 1.0;
        double m = Operation.MOMENTUM;
        for (int k = 1; k < plan.depth(); k++) {
            if (!plan.batchNorm(k)) continue;
            double[] mean = theta.runningMean(k).data;
            double[] var = theta.runningVariance(k).data;
            double[] mu = s.pass.mean()[k].data;
            double[] sigma2 = s.pass.variance()[k].data;
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (1 - m) * mean[i] + m * mu[i];                         // μ̄ ← (1 − m) μ̄ + m μ
                var[i] = (1 - m) * var[i] + m * sigma2[i] * unbiased;            // σ̄² ← (1 − m) σ̄² + m σ² B/(B − 1)
            }
        }
    }

    private void refuseForLoss() {
        int first = 0;
        for (StepBuffers s : parts) {
            int k = s == null ? 0 : s.firstNonFiniteActivation();
            if (k != 0 && (first == 0 || k < first)) first = k;
        }
        badLayer = first == 0 ? plan.depth() : first;
        badQuantity = "loss";
    }

    /** Thread p: ∇θ = Σ_q w_q ∇_q θ on its slice of every tensor, a finiteness check, then the update of that slice. */
    private void sumAndUpdate(int p, Optimizer optimizer) {
        if (rows != null) {
            rows.rowsAndUpdate(p, parts, thetaArrays, optimizer, nonFinite[p], BLOCK);   // no sum: rows instead
            return;
        }
        for (int i = 0; i < thetaArrays.length; i++) {
            int n = thetaArrays[i].length;
            int lo = (int) ((long) n * p / threads);
            int hi = (int) ((long) n * (p + 1) / threads);
            double[] sum = summed[i];
            boolean finite = true;
            for (int from = lo; from < hi; from += BLOCK) {    // a block stays in cache from the sum to the update
                int to = Math.min(hi, from + BLOCK);
                boolean first = true;
                for (int q = 0; q < threads; q++) {
                    if (parts[q] == null) continue;
                    double[] g = partGradients[q][i];
                    double w = weights[q];
                    if (first) {
                        for (int j = from; j < to; j++) sum[j] = 0.0 + w * g[j];   // ∇θ = 0 + w_0 ∇_0 θ …
                        first = false;
                    } else {
                        for (int j = from; j < to; j++) sum[j] += w * g[j];        //      + w_q ∇_q θ
                    }
                }
                if (!Finite.all(sum, from, to)) {
                    finite = false;
                    break;
                }
                optimizer.update(i, thetaArrays[i], sum, from, to);
            }
            nonFinite[p][i] = !finite;
        }
    }

    /** ∇W_1, ∇b_1, (∇γ_1, ∇β_1), …, ∇W_L, ∇b_L of part {@code s}: its gradient buffers, which backward overwrites in place. */
    private double[][] gradientArrays(StepBuffers s) {
        double[][] known = gradientArrays.get(s);
        if (known != null) {
            return known;                                  // no lambda made per step
        }
        return gradientArrays.computeIfAbsent(s, key -> {
            double[][] g = new double[quantities.length][];
            for (int i = 0; i < quantities.length; i++) {
                g[i] = key.gradients.get(quantities[i]).data;
            }
            return g;
        });
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
        if (float32 != null) float32.close();
    }
}
