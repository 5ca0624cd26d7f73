package netgrad.train;

import netgrad.backprop.Activations;
import netgrad.linalg.FloatMatrix;
import netgrad.linalg.FloatOps;
import netgrad.plan.Activation;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;

/**
 * The elementwise parts of a float32 training step, the same formulas as {@link Activations},
 * {@link netgrad.backprop.Outputs}, {@link netgrad.backprop.OutputGradients} and {@link netgrad.backprop.Losses}
 * on float arrays. tanh is {@link FloatOps#tanh} (SIMD); relu, leaky relu, identity and the derivatives are float
 * arithmetic; e^z, log and a user-defined g (its compiled double loop) are evaluated in double and rounded to float.
 * The loss is accumulated in double from the float a_L and ŷ: it is only reported, never differentiated.
 */
final class Float32Functions {
    private Float32Functions() {}

    /** h = g(a), elementwise; {@code in}, {@code out}: double scratch of a's size (for a user-defined g). */
    static FloatMatrix activate(Activation g, FloatMatrix a, FloatMatrix h, double[] in, double[] out) {
        float[] z = a.data, y = h.data;
        int n = z.length;
        return switch (g.kind()) {
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) y[i] = (float) Activations.logistic(z[i]);
                yield h;
            }
            case TANH -> {
                FloatOps.tanh(a, h);
                yield h;
            }
            case RELU -> {
                FloatOps.relu(a, h);                                                // h = max(a, 0), in lanes
                yield h;
            }
            case LEAKY_RELU -> {
                float s = (float) ((Activation.LeakyRelu) g).slope();
                for (int i = 0; i < n; i++) y[i] = z[i] > 0 ? z[i] : s * z[i];
                yield h;
            }
            case IDENTITY -> {
                System.arraycopy(z, 0, y, 0, n);
                yield h;
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) y[i] = (float) Activations.softplus(z[i]);
                yield h;
            }
            case DEFINED -> {
                for (int i = 0; i < n; i++) in[i] = z[i];
                Activation.defined(g).g().apply(in, out, n);                        // g(a) as written, in double
                for (int i = 0; i < n; i++) y[i] = (float) out[i];
                yield h;
            }
        };
    }

    /** ∇a = ∇h ⊙ g′(a), given h = g(a) from the forward pass (logistic and tanh read g′ from h). */
    static FloatMatrix backThrough(Activation g, FloatMatrix a, FloatMatrix h, FloatMatrix gradH, FloatMatrix gradA,
                                   double[] in, double[] out) {
        float[] z = a.data, y = h.data, d = gradH.data, r = gradA.data;
        int n = z.length;
        return switch (g.kind()) {
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) r[i] = d[i] * (y[i] * (1f - y[i]));         // g′ = g(1 − g)
                yield gradA;
            }
            case TANH -> {
                for (int i = 0; i < n; i++) r[i] = d[i] * (1f - y[i] * y[i]);           // g′ = 1 − g²
                yield gradA;
            }
            case RELU -> {
                FloatOps.reluBack(a, gradH, gradA);                                     // ∇h ⊙ [z > 0], in lanes
                yield gradA;
            }
            case LEAKY_RELU -> {
                float s = (float) ((Activation.LeakyRelu) g).slope();
                for (int i = 0; i < n; i++) r[i] = d[i] * (z[i] > 0 ? 1f : s);          // g′ = 1 or s
                yield gradA;
            }
            case IDENTITY -> {
                System.arraycopy(d, 0, r, 0, n);                                        // g′ = 1
                yield gradA;
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) r[i] = d[i] * (float) Activations.logistic(z[i]);   // g′ = σ(z)
                yield gradA;
            }
            case DEFINED -> {
                for (int i = 0; i < n; i++) in[i] = z[i];
                Activation.defined(g).derivative().apply(in, out, n);               // g′ as its author derived it
                for (int i = 0; i < n; i++) r[i] = d[i] * (float) out[i];
                yield gradA;
            }
        };
    }

    /**
     * ŷ = O(a_L), column by column: softmax with the column maximum m subtracted, e^(a − m) and its sum in double,
     * and log Σ_i e^(a_i) = m + log Σ_i e^(a_i − m) of column j kept in {@code logSumExp[j]} for {@link #loss}.
     */
    static FloatMatrix output(OutputFunction o, FloatMatrix aL, FloatMatrix yhat, double[] logSumExp) {
        float[] a = aL.data, y = yhat.data;
        return switch (o) {
            case SOFTMAX -> {
                int rows = aL.rows, batch = aL.cols;
                for (int j = 0; j < batch; j++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < rows; i++) m = Math.max(m, a[i * batch + j]);
                    double sum = 0;
                    for (int i = 0; i < rows; i++) {
                        double e = Math.exp(a[i * batch + j] - m);                   // e^(a − m)
                        y[i * batch + j] = (float) e;
                        sum += e;
                    }
                    float inverse = (float) (1 / sum);
                    for (int i = 0; i < rows; i++) y[i * batch + j] *= inverse;     // ŷ = e^(a−m) / Σ e^(a−m)
                    logSumExp[j] = m + Math.log(sum);
                }
                yield yhat;
            }
            case LOGISTIC -> {
                for (int i = 0; i < a.length; i++) y[i] = (float) Activations.logistic(a[i]);
                yield yhat;
            }
            case IDENTITY -> {
                System.arraycopy(a, 0, y, 0, a.length);
                yield yhat;
            }
        };
    }

    /** ∇a_L = s·∇_{a_L} ℓ for every column, s = 1/B, as {@link netgrad.backprop.OutputGradients} derives it. */
    static FloatMatrix outputGradient(OutputFunction o, Loss loss, FloatMatrix yhat, FloatMatrix y, float s,
                                      FloatMatrix gradA) {
        float[] p = yhat.data, t = y.data, g = gradA.data;
        int n = p.length;
        if ((o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY)
                || (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY)) {
            for (int i = 0; i < n; i++) g[i] = s * (p[i] - t[i]);                   // ∇a_L = −(e(y) − ŷ), ŷ − y
            return gradA;
        }
        for (int i = 0; i < n; i++) {
            g[i] = switch (loss) {
                case SQUARED_ERROR -> p[i] - t[i];                                   // ∂ℓ/∂ŷ = ŷ − y
                case CROSS_ENTROPY -> -t[i] / p[i];                                  // ∂ℓ/∂ŷ = −y/ŷ
                case BINARY_CROSS_ENTROPY -> (p[i] - t[i]) / (p[i] * (1 - p[i]));   // ∂ℓ/∂ŷ = (ŷ−y)/(ŷ(1−ŷ))
            };
        }
        return switch (o) {
            case IDENTITY -> {
                for (int i = 0; i < n; i++) g[i] = s * g[i];                         // ∂ŷ/∂a = 1
                yield gradA;
            }
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) g[i] = s * g[i] * p[i] * (1 - p[i]);     // ∂ŷ/∂a = ŷ(1 − ŷ)
                yield gradA;
            }
            case SOFTMAX -> {
                int rows = yhat.rows, batch = yhat.cols;
                for (int j = 0; j < batch; j++) {
                    float dot = 0;                                                   // ŷ·d of column j
                    for (int i = 0; i < rows; i++) dot += p[i * batch + j] * g[i * batch + j];
                    for (int i = 0; i < rows; i++) {
                        int ij = i * batch + j;
                        g[ij] = s * p[ij] * (g[ij] - dot);                           // Σ_i d_i ŷ_i(δ_ij − ŷ_j)
                    }
                }
                yield gradA;
            }
        };
    }

    /**
     * (1/B) Σ_columns ℓ, from a_L for the two stable pairs (as {@link netgrad.backprop.Losses}; softmax with the
     * log-sum-exp {@link #output} kept), else from ŷ.
     */
    static double loss(OutputFunction o, Loss loss, FloatMatrix aL, FloatMatrix yhat, FloatMatrix y,
                       double[] logSumExp) {
        float[] a = aL.data, p = yhat.data, t = y.data;
        int batch = aL.cols;
        double sum = 0;
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            for (int j = 0; j < batch; j++) {
                for (int i = 0; i < aL.rows; i++) {
                    float t_ij = t[i * batch + j];
                    if (t_ij != 0) sum -= t_ij * (a[i * batch + j] - logSumExp[j]);   // −y log ŷ, log ŷ = a − lse
                }
            }
        } else if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY) {
            for (int i = 0; i < a.length; i++) {
                double z = a[i];
                sum += Math.max(z, 0.0) - t[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                double pi = p[i], ti = t[i];
                sum += switch (loss) {
                    case CROSS_ENTROPY -> ti == 0 ? 0.0 : -ti * Math.log(pi);
                    case BINARY_CROSS_ENTROPY -> (ti == 0 ? 0.0 : -ti * Math.log(pi))
                            + (ti == 1 ? 0.0 : -(1 - ti) * Math.log1p(-pi));
                    case SQUARED_ERROR -> 0.5 * (pi - ti) * (pi - ti);
                };
            }
        }
        return sum / batch;
    }
}
