package netgrad.train;

import java.util.Arrays;

import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;

/**
 * The lecture's forward_propagation and back_propagation for one batch size B, with every buffer allocated
 * once so a training step allocates nothing. Same algorithm and conventions as {@code netgrad.backprop.Backprop}
 * (examples are columns; loss = mean per-example loss + (λ/2)Σ‖W_k‖²); a test checks both agree to 1e-12.
 * <pre>
 *   forward:  a_k = b_k + W_k h_{k−1},  h_k = g(a_k) (k &lt; L),  ŷ = O(a_L)
 *   backward: ∇a_L = ∂L/∂a_L,  for k = L..1:  ∇W_k = ∇a_k h_{k−1}ᵀ + λW_k,  ∇b_k = ∇a_k·1,
 *             ∇h_{k−1} = W_kᵀ ∇a_k,  ∇a_{k−1} = ∇h_{k−1} ⊙ g'(a_{k−1})
 * </pre>
 * Shapes: a_k, h_k, ∇a_k n_k × B; W_k, ∇W_k n_k × n_{k−1}; b_k, ∇b_k n_k × 1; h_0 = x is n_0 × B.
 */
public final class BackpropWorkspace {
    private final Plan plan;
    private final int depth;
    private final int batch;
    private final Matrix x;
    private final Matrix y;
    private final int[] labels;
    private final Matrix[] a;
    private final Matrix[] h;
    private final Matrix[] gradA;
    private final Matrix[] gradH;
    private final Matrix[] gradW;
    private final Matrix[] gradB;
    private final Matrix yhat;

    public BackpropWorkspace(Plan plan, int batch) {
        this.plan = plan;
        this.depth = plan.depth();
        this.batch = batch;
        this.x = new Matrix(plan.inputSize(), batch);
        this.y = new Matrix(plan.units(depth), batch);
        this.labels = new int[batch];
        a = new Matrix[depth + 1];
        h = new Matrix[depth + 1];
        gradA = new Matrix[depth + 1];
        gradH = new Matrix[depth + 1];
        gradW = new Matrix[depth + 1];
        gradB = new Matrix[depth + 1];
        h[0] = x;
        for (int k = 1; k <= depth; k++) {
            int n = plan.units(k);
            a[k] = new Matrix(n, batch);
            h[k] = k < depth ? new Matrix(n, batch) : null;
            gradA[k] = new Matrix(n, batch);
            gradH[k] = k < depth ? new Matrix(n, batch) : null;
            gradW[k] = new Matrix(n, plan.units(k - 1));
            gradB[k] = new Matrix(n, 1);
        }
        yhat = new Matrix(plan.units(depth), batch);
    }

    /** B. */
    public int batchSize() {
        return batch;
    }

    /** The input buffer h_0 (n_0 × B), filled by the caller before {@link #forward}. */
    public Matrix input() {
        return x;
    }

    /** The class of each example of the batch, filled by the caller for classification targets. */
    public int[] labels() {
        return labels;
    }

    /** The target buffer y (n_L × B); {@link #oneHotTargets()} fills it from {@link #labels()}. */
    public Matrix targets() {
        return y;
    }

    /** y = [e(label_1) … e(label_B)]. */
    public void oneHotTargets() {
        Arrays.fill(y.data, 0.0);
        for (int j = 0; j < batch; j++) {
            y.data[labels[j] * batch + j] = 1.0;
        }
    }

    public Matrix a(int k) {
        return a[k];
    }

    public Matrix yhat() {
        return yhat;
    }

    /** ∇W_k from the last {@link #backward}. */
    public Matrix gradW(int k) {
        return gradW[k];
    }

    /** ∇b_k from the last {@link #backward}. */
    public Matrix gradB(int k) {
        return gradB[k];
    }

    /** Forward propagation of the input buffer; returns the batch loss against the target buffer. */
    public double forward(Parameters theta) {
        for (int k = 1; k <= depth; k++) {
            Ops.mult(theta.W(k), h[k - 1], a[k]);       // a_k = W_k h_{k−1}
            Ops.addColumn(a[k], theta.b(k));            //     + b_k
            if (k < depth) {
                activate(plan.activation(k), a[k], h[k]); // h_k = g(a_k)
            }
        }
        output(plan.output().function(), a[depth], yhat);
        return loss(theta);
    }

    /** The batch loss: (1/B) Σ_j ℓ(ŷ_j, y_j) + (λ/2) Σ_k ‖W_k‖². */
    private double loss(Parameters theta) {
        double[] p = yhat.data;
        double[] t = y.data;
        double sum = 0;
        Loss loss = plan.loss();
        for (int i = 0; i < p.length; i++) {
            sum += switch (loss) {
                case CROSS_ENTROPY -> t[i] == 0.0 ? 0.0 : -t[i] * Math.log(p[i]);
                case BINARY_CROSS_ENTROPY -> -(xlogy(t[i], p[i]) + xlogy(1 - t[i], 1 - p[i]));
                case SQUARED_ERROR -> 0.5 * (p[i] - t[i]) * (p[i] - t[i]);
            };
        }
        double value = sum / batch;
        double lambda = plan.weightDecay();
        if (lambda != 0) {
            double squares = 0;
            for (int k = 1; k <= depth; k++) {
                squares += Ops.sumOfSquares(theta.W(k));
            }
            value += 0.5 * lambda * squares;
        }
        return value;
    }

    private static double xlogy(double x, double y) {
        return x == 0.0 ? 0.0 : x * Math.log(y);
    }

    /** Back propagation after {@link #forward}: fills ∇W_k and ∇b_k for k = 1..L. */
    public void backward(Parameters theta) {
        outputGradient(gradA[depth]);
        double lambda = plan.weightDecay();
        for (int k = depth; k >= 1; k--) {
            Ops.multTransB(gradA[k], h[k - 1], gradW[k]);      // ∇W_k = ∇a_k h_{k−1}ᵀ
            if (lambda != 0) {
                Ops.addScaled(gradW[k], lambda, theta.W(k));   //      + λ W_k
            }
            Ops.sumRows(gradA[k], gradB[k]);                   // ∇b_k = Σ_j ∇a_k[:, j]
            if (k > 1) {
                Ops.multTransA(theta.W(k), gradA[k], gradH[k - 1]); // ∇h_{k−1} = W_kᵀ ∇a_k
                activationGradient(plan.activation(k - 1), a[k - 1], h[k - 1], gradH[k - 1], gradA[k - 1]);
            }
        }
    }

    /** ∇a_L = ∂L/∂a_L, including the 1/B of the mean. */
    private void outputGradient(Matrix out) {
        double[] p = yhat.data;
        double[] t = y.data;
        double[] g = out.data;
        double inv = 1.0 / batch;
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY
                || o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY
                || o == OutputFunction.IDENTITY && loss == Loss.SQUARED_ERROR) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (p[i] - t[i]) * inv;                  // ∇a_L = (ŷ − y)/B (the lecture's result)
            }
            return;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = switch (loss) {                           // ∂ℓ/∂ŷ, scaled by 1/B
                case CROSS_ENTROPY -> -t[i] / p[i];          // ∂(−Σ y log ŷ)/∂ŷ_i = −y_i/ŷ_i
                case BINARY_CROSS_ENTROPY -> (p[i] - t[i]) / (p[i] * (1 - p[i])); // −y/ŷ + (1−y)/(1−ŷ)
                case SQUARED_ERROR -> p[i] - t[i];           // ∂(½(ŷ−y)²)/∂ŷ = ŷ − y
            } * inv;
        }
        int n = yhat.rows;
        switch (o) {
            case IDENTITY -> { }                             // ŷ = a: ∇a = ∇ŷ
            case LOGISTIC -> {
                for (int i = 0; i < g.length; i++) {
                    g[i] *= p[i] * (1 - p[i]);               // ∂ŷ/∂a = ŷ(1 − ŷ)
                }
            }
            case SOFTMAX -> {
                for (int j = 0; j < batch; j++) {            // ∇a_i = ŷ_i (∇ŷ_i − Σ_l ŷ_l ∇ŷ_l)
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += p[i * batch + j] * g[i * batch + j];
                    }
                    for (int i = 0; i < n; i++) {
                        g[i * batch + j] = p[i * batch + j] * (g[i * batch + j] - dot);
                    }
                }
            }
        }
    }

    /** h = g(a), elementwise. */
    static void activate(Activation g, Matrix a, Matrix h) {
        double[] in = a.data;
        double[] out = h.data;
        if (g instanceof Activation.Tanh) {
            for (int i = 0; i < in.length; i++) out[i] = Math.tanh(in[i]);
        } else if (g instanceof Activation.Relu) {
            for (int i = 0; i < in.length; i++) out[i] = in[i] > 0 ? in[i] : 0.0;
        } else if (g instanceof Activation.Logistic) {
            for (int i = 0; i < in.length; i++) out[i] = 1.0 / (1.0 + Math.exp(-in[i]));
        } else if (g instanceof Activation.LeakyRelu leaky) {
            double s = leaky.slope();
            for (int i = 0; i < in.length; i++) out[i] = in[i] > 0 ? in[i] : s * in[i];
        } else if (g instanceof Activation.Identity) {
            System.arraycopy(in, 0, out, 0, in.length);
        } else if (g instanceof Activation.Softplus) {
            for (int i = 0; i < in.length; i++) out[i] = Math.max(in[i], 0) + Math.log1p(Math.exp(-Math.abs(in[i])));
        } else {
            throw new IllegalStateException("unknown activation " + g);
        }
    }

    /** ∇a = ∇h ⊙ g'(a), using h = g(a) where that is cheaper. */
    static void activationGradient(Activation g, Matrix a, Matrix h, Matrix gradH, Matrix gradA) {
        double[] av = a.data;
        double[] hv = h.data;
        double[] dh = gradH.data;
        double[] da = gradA.data;
        if (g instanceof Activation.Tanh) {
            for (int i = 0; i < av.length; i++) da[i] = dh[i] * (1 - hv[i] * hv[i]);        // tanh' = 1 − h²
        } else if (g instanceof Activation.Relu) {
            for (int i = 0; i < av.length; i++) da[i] = av[i] > 0 ? dh[i] : 0.0;            // relu' = [a > 0]
        } else if (g instanceof Activation.Logistic) {
            for (int i = 0; i < av.length; i++) da[i] = dh[i] * hv[i] * (1 - hv[i]);        // σ' = h(1 − h)
        } else if (g instanceof Activation.LeakyRelu leaky) {
            double s = leaky.slope();
            for (int i = 0; i < av.length; i++) da[i] = av[i] > 0 ? dh[i] : s * dh[i];      // 1 or slope
        } else if (g instanceof Activation.Identity) {
            System.arraycopy(dh, 0, da, 0, dh.length);                                      // identity' = 1
        } else if (g instanceof Activation.Softplus) {
            for (int i = 0; i < av.length; i++) da[i] = dh[i] / (1 + Math.exp(-av[i]));     // softplus' = σ(a)
        } else {
            throw new IllegalStateException("unknown activation " + g);
        }
    }

    /** ŷ = O(a_L); softmax per column, shifted by the column maximum. */
    static void output(OutputFunction o, Matrix aL, Matrix yhat) {
        double[] in = aL.data;
        double[] out = yhat.data;
        switch (o) {
            case IDENTITY -> System.arraycopy(in, 0, out, 0, in.length);
            case LOGISTIC -> {
                for (int i = 0; i < in.length; i++) out[i] = 1.0 / (1.0 + Math.exp(-in[i]));
            }
            case SOFTMAX -> {
                int n = aL.rows;
                int b = aL.cols;
                for (int j = 0; j < b; j++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) max = Math.max(max, in[i * b + j]);
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        double e = Math.exp(in[i * b + j] - max);
                        out[i * b + j] = e;
                        sum += e;
                    }
                    for (int i = 0; i < n; i++) out[i * b + j] /= sum;
                }
            }
        }
    }

    /** The predicted class of example j (arg max of ŷ's column j). */
    public int predicted(int j) {
        int n = yhat.rows;
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (yhat.data[i * batch + j] > yhat.data[best * batch + j]) best = i;
        }
        return best;
    }

    /** The first layer k (1..L) whose a_k has a non-finite entry, or 0 when all are finite. */
    public int firstNonFiniteActivation() {
        for (int k = 1; k <= depth; k++) {
            if (!Finite.all(a[k])) return k;
        }
        return 0;
    }

    /** The first layer k (1..L) whose ∇W_k or ∇b_k has a non-finite entry, or 0 when all are finite. */
    public int firstNonFiniteGradient() {
        for (int k = 1; k <= depth; k++) {
            if (!Finite.all(gradW[k]) || !Finite.all(gradB[k])) return k;
        }
        return 0;
    }
}
