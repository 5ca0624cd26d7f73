package netgrad.train;

import java.util.HashMap;
import java.util.Map;

import netgrad.data.DataSet;
import netgrad.linalg.Parallelism;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The training step of {@code --precision float32}, as {@link StepRunner} does it in double: on T threads each
 * part p (s_p examples) runs {@link Float32Backprop} forward and backward in float on its own {@link Float32Part};
 * then each thread, on its slice of every tensor, forms the batch gradient in double
 * <pre>  ∇θ = Σ_p (s_p/B) ∇_p θ   (∇θ = ∇_1 θ widened when T = 1) </pre>
 * checks it is finite, and applies the {@link Optimizer} with its float64 state (u, m, v) to θ, which holds the
 * float32 weights as doubles; the new θ is rounded to float32 and copied into the float weights:
 * <pre>  θ ← fl32(θ − η·rule(∇θ)),   W_k, b_k (float) = θ  </pre>
 * So θ is at every step exactly the float32 weights the next forward pass uses: evaluation, the saved weights and
 * the divergence fallback read θ as in float64 training. The update in double costs about as much as in float
 * (it reads 118k gradients and parameters a step for 784-128-128-10: measured in docs/training.md) and keeps every
 * optimizer one piece of code. For a fixed thread count a run is the same bit for bit.
 */
final class Float32Steps implements AutoCloseable {
    private final Plan plan;
    private final Float32Backprop net;
    private final WorkerPool pool;
    private final int threads;
    private final Map<Long, Float32Part> buffers = new HashMap<>();
    private final Quantity[] quantities;     // W_1, b_1, …, W_L, b_L
    private final double[][] thetaArrays;    // θ's arrays (the float32 values as doubles)
    private final float[][] weightArrays;    // the same tensors as the float weights of net
    private final double[][] summed;         // the batch gradient, in double
    private final Float32Part[] parts;
    private final float[][][] partGradients; // ∇_p θ tensors of each part
    private final double[] weights;
    private final double[] losses;
    private final int[] starts;
    private final boolean[][] nonFinite;     // [thread][tensor]
    private final Float32Part[] recent;       // part p's buffers of the last size it was given
    private final java.util.function.IntConsumer lossTask = this::lossAndGradients;   // bound once: no
    private final java.util.function.IntConsumer updateTask = this::sumAndUpdate;     // allocation per step
    private DataSet stepData;                // what the step being taken reads
    private int[] stepOrder;
    private Optimizer stepOptimizer;

    int badLayer;
    String badQuantity;

    /** Steps on {@code theta}, whose entries are rounded to float32 here (in place) and are the float weights. */
    Float32Steps(Plan plan, Parallelism products, int threads, Parameters theta) {
        String refusal = Precision.FLOAT32.refusal(plan, GradientEngine.BACKPROP);
        if (refusal != null) throw new IllegalArgumentException(refusal);
        this.plan = plan;
        this.net = new Float32Backprop(plan, products);
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
        quantities = plan.parameters().toArray(new Quantity[0]);
        int tensors = quantities.length;
        thetaArrays = new double[tensors][];
        weightArrays = new float[tensors][];
        summed = new double[tensors][];
        for (int i = 0; i < tensors; i++) {
            Quantity q = quantities[i];
            thetaArrays[i] = theta.get(q).data;
            weightArrays[i] = (q.kind() == Quantity.Kind.WEIGHT ? net.W : net.b)[q.k()].data;
            summed[i] = new double[thetaArrays[i].length];
            round(i, 0, thetaArrays[i].length);
        }
        parts = new Float32Part[threads];
        recent = new Float32Part[threads];
        partGradients = new float[threads][][];
        weights = new double[threads];
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
    double step(DataSet data, int[] order, int from, int b, Optimizer optimizer) {
        badLayer = 0;
        int used = Math.min(threads, b);
        int offset = 0;
        for (int p = 0; p < threads; p++) {
            int size = p < used ? b / used + (p < b % used ? 1 : 0) : 0;
            parts[p] = size == 0 ? null : part(p, size);
            partGradients[p] = size == 0 ? null : parts[p].gradients;
            weights[p] = (double) size / b;
            starts[p] = from + offset;
            offset += size;
        }
        stepData = data;
        stepOrder = order;
        stepOptimizer = optimizer;
        if (pool == null) {
            lossAndGradients(0);
        } else {
            pool.run(lossTask);
        }
        double loss = net.decayTerm();
        for (int p = 0; p < threads; p++) {
            if (parts[p] != null) loss += weights[p] * losses[p];                  // L = Σ_p (s_p/B) L_p + (λ/2)‖W‖²
        }
        if (!Double.isFinite(loss)) {
            refuseForLoss();
        } else if (pool == null) {
            for (int i = 0; i < quantities.length; i++) nonFinite[0][i] = !sum(0, i, 0, summed[i].length);
            if (firstBad() == 0) {                                                  // else nothing is updated
                optimizer.beginStep();
                for (int i = 0; i < quantities.length; i++) update(optimizer, i, 0, summed[i].length);
            }
        } else {
            optimizer.beginStep();
            pool.run(updateTask);
            firstBad();
        }
        stepData = null;
        stepOrder = null;
        stepOptimizer = null;
        return loss;
    }

    /** Part p: its examples into x, forward_propagation, its mean loss L_p, back_propagation. */
    private void lossAndGradients(int p) {
        Float32Part s = parts[p];
        if (s == null) return;
        s.fill(stepData, stepOrder, starts[p]);                    // DataSet is read-only, the part p's own
        net.forward(s);                                            // net's weights are only read
        losses[p] = net.dataLoss(s);
        net.backward(s);
    }

    /** Thread p: on its slice of every tensor, ∇θ = Σ_q w_q ∇_q θ, a finiteness check, the update and rounding. */
    private void sumAndUpdate(int p) {
        for (int i = 0; i < quantities.length; i++) {
            int n = summed[i].length;
            int lo = (int) ((long) n * p / threads);
            int hi = (int) ((long) n * (p + 1) / threads);
            boolean finite = sum(-1, i, lo, hi);
            nonFinite[p][i] = !finite;
            if (finite) update(stepOptimizer, i, lo, hi);
        }
    }

    /**
     * summed[i][lo..hi) = ∇θ in double: Σ_q (s_q/B) ∇_q θ over every part (only = -1), or part {@code only}'s
     * gradient widened; returns whether every entry is finite.
     */
    private boolean sum(int only, int i, int lo, int hi) {
        double[] sum = summed[i];
        if (only >= 0) {
            float[] g = partGradients[only][i];
            for (int j = lo; j < hi; j++) sum[j] = g[j];
        } else {
            java.util.Arrays.fill(sum, lo, hi, 0.0);
            for (int q = 0; q < threads; q++) {
                if (parts[q] == null) continue;
                float[] g = partGradients[q][i];
                double w = weights[q];
                for (int j = lo; j < hi; j++) sum[j] += w * g[j];
            }
        }
        boolean finite = true;
        for (int j = lo; j < hi; j++) finite &= Double.isFinite(sum[j]);
        return finite;
    }

    /** The optimizer's rule on θ's entries lo..hi of tensor i (float64 state), then θ and W rounded to float32. */
    private void update(Optimizer optimizer, int i, int lo, int hi) {
        optimizer.update(i, thetaArrays[i], summed[i], lo, hi);
        round(i, lo, hi);
    }

    /** w = fl32(θ), θ = w on entries lo..hi of tensor i. */
    private void round(int i, int lo, int hi) {
        double[] theta = thetaArrays[i];
        float[] w = weightArrays[i];
        for (int j = lo; j < hi; j++) {
            float f = (float) theta[j];
            w[j] = f;
            theta[j] = f;
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
