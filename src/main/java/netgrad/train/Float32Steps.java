package netgrad.train;

import java.util.HashMap;
import java.util.Map;

import netgrad.data.DataSet;
import netgrad.linalg.Parallelism;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;

/**
 * The training step of {@code --precision float32}, as {@link StepRunner} does it in double. On one thread
 * {@link Float32Backprop} runs forward and backward in float, and the gradient is checked and applied block by block.
 * On T threads the batch is split as in {@link RowSplitStep}: part p (s_p examples) runs forward and back propagation
 * down to every ∇a_k (with the batch's 1/B) on its own {@link Float32Part}; then each thread forms the rows it owns of
 * every ∇W_k, ∇b_k from all the parts, checks them and applies the {@link Float32Optimizer} to them (float weights,
 * float state), so T threads give one thread's weights bit for bit. The step that ends a pass over the data
 * (examples from + b = its count: the last of {@link Trainer}'s epoch) copies the weights into θ, so that at the end
 * of every epoch θ is exactly the float32 weights, and evaluation, the saved weights and the divergence fallback read
 * θ as in float64 training. A step allocates nothing.
 */
final class Float32Steps implements AutoCloseable {
    private final Plan plan;
    private final Float32Backprop net;
    private final Float32Optimizer optimizer;
    private final WorkerPool pool;
    private final int threads;
    private final Map<Long, Float32Part> buffers = new HashMap<>();
    private final Float32Part[] recent;       // part p's buffers of the last size it was given
    private final Quantity[] quantities;     // W_1, b_1, …, W_L, b_L
    private final double[][] thetaArrays;    // θ's arrays (the float32 values as doubles)
    private final float[][] weightArrays;    // the same tensors as the float weights of net
    private final float[][] summed;          // the batch gradient, by rows (when rows)
    private final netgrad.linalg.FloatMatrix[] sharedW;   // ∇W_k on the arrays of summed (when rows)
    private int stepBatch;                   // B of the step being taken
    private final boolean rows;              // ∇W_k, ∇b_k by rows (T > 1, or T = 1 with unsplit products)
    private final Float32Part[] parts;
    private final float[][][] partGradients; // ∇_p θ tensors of each part
    private final double[] losses;
    private final int[] starts;
    private final boolean[][] nonFinite;     // [thread][tensor]
    private final java.util.function.IntConsumer lossTask = this::lossAndGradients;   // bound once: no
    private final java.util.function.IntConsumer updateTask = this::rowsAndUpdate;     // allocation per step
    private DataSet stepData;                // what the step being taken reads
    private int[] stepOrder;

    int badLayer;
    String badQuantity;

    /**
     * Steps on {@code theta}, whose entries are rounded to float32 here (in place) and become the float weights,
     * with the update rule of {@code training}.
     */
    Float32Steps(Plan plan, Training training, Parallelism products, int threads, Parameters theta) {
        String refusal = Precision.FLOAT32.refusal(plan, GradientEngine.BACKPROP);
        if (refusal != null) throw new IllegalArgumentException(refusal);
        this.plan = plan;
        this.net = new Float32Backprop(plan, products);
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
        this.rows = threads > 1 || products.threads() == 1;
        quantities = plan.parameters().toArray(new Quantity[0]);
        int tensors = quantities.length;
        thetaArrays = new double[tensors][];
        weightArrays = new float[tensors][];
        summed = new float[tensors][];
        int[] sizes = new int[tensors];
        for (int i = 0; i < tensors; i++) {
            Quantity q = quantities[i];
            double[] t = theta.get(q).data;
            float[] w = (q.kind() == Quantity.Kind.WEIGHT ? net.W : net.b)[q.k()].data;
            for (int j = 0; j < t.length; j++) {
                w[j] = (float) t[j];                                                // W = fl32(θ)
                t[j] = w[j];                                                        // θ = W
            }
            thetaArrays[i] = t;
            weightArrays[i] = w;
            sizes[i] = t.length;
            summed[i] = rows ? new float[t.length] : null;
        }
        sharedW = new netgrad.linalg.FloatMatrix[plan.depth() + 1];
        if (rows) {
            for (int k = 1; k <= plan.depth(); k++) {
                sharedW[k] = new netgrad.linalg.FloatMatrix(plan.units(k), plan.units(k - 1), summed[2 * k - 2]);
            }
        }
        optimizer = Float32Optimizer.create(training.optimizer(), training.learningRate(), sizes);
        parts = new Float32Part[threads];
        recent = new Float32Part[threads];
        partGradients = new float[threads][][];
        losses = new double[threads];
        starts = new int[threads];
        nonFinite = new boolean[threads][tensors];
    }

    /** The buffers of part p for batches of {@code size} (looked up only when the size changes: no allocation). */
    Float32Part part(int p, int size) {
        Float32Part s = recent[p];
        if (s == null || s.batchSize() != size) {
            s = buffers.computeIfAbsent(((long) p << 32) | size, key -> new Float32Part(plan, size));
            recent[p] = s;
        }
        return s;
    }

    /** Examples of the last step whose arg max ŷ was their label. */
    int correct() {
        int n = 0;
        for (Float32Part s : parts) {
            if (s != null) n += s.correct();
        }
        return n;
    }

    /** Loss and gradient of examples order[from..from+b), then the update unless a number is not finite. */
    double step(DataSet data, int[] order, int from, int b) {
        badLayer = 0;
        int used = Math.min(threads, b);
        int offset = 0;
        for (int p = 0; p < threads; p++) {
            int size = p < used ? b / used + (p < b % used ? 1 : 0) : 0;
            parts[p] = size == 0 ? null : part(p, size);
            partGradients[p] = size == 0 ? null : parts[p].gradients;
            starts[p] = from + offset;
            offset += size;
        }
        stepData = data;
        stepOrder = order;
        stepBatch = b;
        if (pool == null) {
            lossAndGradients(0);
        } else {
            pool.run(lossTask);
        }
        stepData = null;
        stepOrder = null;
        double loss = net.decayTerm();
        for (int p = 0; p < threads; p++) {
            if (parts[p] != null) loss += (double) parts[p].batchSize() / b * losses[p];   // Σ_p (s_p/B) L_p
        }
        if (!Double.isFinite(loss)) {
            refuseForLoss();
        } else if (!rows) {
            optimizer.beginStep();
            checkAndUpdate();
            firstBad();
        } else if (pool == null) {
            optimizer.beginStep();
            rowsAndUpdate(0);                                                       // one part, every row
            firstBad();
        } else {
            optimizer.beginStep();
            pool.run(updateTask);
            firstBad();
        }
        if (badLayer == 0 && from + b == data.count()) {
            copyWeightsToTheta();                                                   // θ = W at the end of a pass
        }
        return loss;
    }

    /** Part p: its examples into x, forward_propagation, its mean loss L_p, back_propagation. */
    private void lossAndGradients(int p) {
        Float32Part s = parts[p];
        if (s == null) return;
        s.fill(stepData, stepOrder, starts[p], rows);              // DataSet is read-only, the part p's own
        net.forward(s);                                            // net's weights are only read
        losses[p] = net.dataLoss(s);
        if (!rows) {
            net.backward(s);                                       // products split over threads: the slide's order
        } else {
            net.backwardToDeltas(s, stepBatch);                    // ∇W_k, ∇b_k by rows, in rowsAndUpdate
        }
    }

    /**
     * One thread: every tensor in blocks of {@link #BLOCK} entries, each checked and then updated while it is in the
     * first-level cache; at the first non-finite block the step stops (the trainer then ends the run and sets θ back
     * to the last epoch's, so the blocks already updated do not matter).
     */
    private void checkAndUpdate() {
        float[][] g = partGradients[0];
        for (int i = 0; i < quantities.length; i++) {
            if (!checkAndUpdate(i, g[i], 0, g[i].length)) {
                nonFinite[0][i] = true;
                return;
            }
        }
    }

    /** Floats checked and updated together: 8192 (32 KiB) stay in the first-level cache from the check to the update. */
    private static final int BLOCK = 8192;

    /**
     * Thread p (of T; one thread: all rows) on its rows R of every layer (whole 6-row tiles): ∇W_k[R] and ∇b_k[R] from every part's ∇a_k
     * and h_{k−1}ᵀ ({@link Float32Backprop#parameterRows}: no part's gradient is summed into another's, and the bits
     * are one thread's), then the check and the update of those rows, block by block.
     */
    private void rowsAndUpdate(int p) {
        java.util.Arrays.fill(nonFinite[p], false);
        for (int k = 1; k <= plan.depth(); k++) {
            int n = plan.units(k), m = plan.units(k - 1);
            int r0 = RowSplitStep.rowStart(n, threads, p), r1 = RowSplitStep.rowStart(n, threads, p + 1);
            if (r0 >= r1) continue;
            int w = 2 * k - 2, bias = 2 * k - 1;                                    // W_k, b_k in θ's order
            net.parameterRows(k, parts, r0, r1, sharedW[k], summed[bias]);
            nonFinite[p][w] = !checkAndUpdate(w, summed[w], r0 * m, r1 * m);
            nonFinite[p][bias] = !checkAndUpdate(bias, summed[bias], r0, r1);
        }
    }

    /** Blocks of g[from..to) checked, then applied to the weights of tensor i while in cache; false at a non-finite one. */
    private boolean checkAndUpdate(int i, float[] g, int from, int to) {
        for (int lo = from; lo < to; lo += BLOCK) {
            int hi = Math.min(to, lo + BLOCK);
            if (!Finite.all(g, lo, hi)) return false;
            optimizer.update(i, weightArrays[i], g, lo, hi);                        // W ← rule(W, ∇W) on a checked block
        }
        return true;
    }

    /** θ = W (exactly: every float is a double), tensor by tensor. */
    void copyWeightsToTheta() {
        for (int i = 0; i < quantities.length; i++) {
            double[] t = thetaArrays[i];
            float[] w = weightArrays[i];
            for (int j = 0; j < t.length; j++) t[j] = w[j];
        }
    }

    /** Sets {@link #badLayer} to the layer of the first tensor a thread found non-finite; returns it. */
    private int firstBad() {
        for (int i = 0; i < quantities.length && badLayer == 0; i++) {
            for (int p = 0; p < threads; p++) {
                if (nonFinite[p][i]) {
                    badLayer = quantities[i].k();
                    badQuantity = "gradient";
                }
            }
        }
        return badLayer;
    }

    private void refuseForLoss() {
        int first = 0;
        for (Float32Part s : parts) {
            int k = s == null ? 0 : s.firstNonFiniteActivation();
            if (k != 0 && (first == 0 || k < first)) first = k;
        }
        badLayer = first == 0 ? plan.depth() : first;
        badQuantity = "loss";
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
    }
}
