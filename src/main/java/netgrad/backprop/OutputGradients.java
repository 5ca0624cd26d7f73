package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;

/**
 * ∇_{a_L} of the batch loss for each output/loss pair, derived by hand; every entry is scaled by s = 1/B
 * (the mean over the batch). Per example (one column):
 * <pre>
 *   softmax  + cross_entropy          ∇a_L = −(e(y) − ŷ)                                  (the lecture's slide)
 *   logistic + binary_cross_entropy   ∇a_L = ŷ − y
 *   any O    + any loss otherwise     ∇a_L = J_Oᵀ ∇_ŷ ℓ  with
 *       ∇_ŷ ℓ:  squared_error ŷ − y;  cross_entropy −y/ŷ;  binary_cross_entropy (ŷ − y)/(ŷ(1 − ŷ))
 *       J_Oᵀ d: identity d;  logistic d ⊙ ŷ(1 − ŷ);  softmax ŷ ⊙ (d − (ŷ·d)1)   (J_ij = ŷ_i(δ_ij − ŷ_j))
 * </pre>
 * so identity + squared error gives ŷ − y, softmax + squared error ŷ ⊙ (d − ŷ·d) with d = ŷ − y, and
 * logistic + squared error (ŷ − y) ⊙ ŷ(1 − ŷ). The two fused pairs assume what their targets are: e(y) one-hot
 * (or any distribution summing to 1) for softmax + cross-entropy.
 */
public final class OutputGradients {
    private OutputGradients() {}

    /** gradA_L = s · ∇_{a_L} ℓ for every column; yhat, y and gradA_L are n_L × B. Returns gradA_L. */
    public static Matrix compute(OutputFunction o, Loss loss, Matrix yhat, Matrix y, double s, Matrix gradA_L) {
        if (!yhat.sameShape(y) || !yhat.sameShape(gradA_L)) {
            throw new IllegalArgumentException("output gradient: shapes do not fit: " + yhat.shape() + " " + y.shape()
                    + " -> " + gradA_L.shape());
        }
        double[] p = yhat.data, t = y.data, g = gradA_L.data;
        int n = p.length;
        if ((o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY)
                || (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY)) {
            for (int i = 0; i < n; i++) g[i] = s * (p[i] - t[i]);                   // ∇a_L = −(e(y) − ŷ), ŷ − y
            return gradA_L;
        }
        for (int i = 0; i < n; i++) {
            g[i] = switch (loss) {
                case SQUARED_ERROR -> p[i] - t[i];                                   // ∂ℓ/∂ŷ_i = ŷ_i − y_i
                case CROSS_ENTROPY -> -t[i] / p[i];                                  // ∂ℓ/∂ŷ_i = −y_i/ŷ_i
                case BINARY_CROSS_ENTROPY -> (p[i] - t[i]) / (p[i] * (1 - p[i]));   // ∂ℓ/∂ŷ_i = (ŷ−y)/(ŷ(1−ŷ))
            };
        }
        return switch (o) {
            case IDENTITY -> {
                for (int i = 0; i < n; i++) g[i] = s * g[i];                         // ∂ŷ_i/∂a_i = 1
                yield gradA_L;
            }
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) g[i] = s * g[i] * p[i] * (1 - p[i]);     // ∂ŷ_i/∂a_i = ŷ_i(1 − ŷ_i)
                yield gradA_L;
            }
            case SOFTMAX -> softmaxTransposedJacobian(yhat, s, gradA_L);
        };
    }

    /** d ← s · ŷ ⊙ (d − (ŷ·d)) per column, i.e. s·J_softmaxᵀ d with J_ij = ∂ŷ_i/∂a_j = ŷ_i(δ_ij − ŷ_j). */
    private static Matrix softmaxTransposedJacobian(Matrix yhat, double s, Matrix d) {
        int rows = yhat.rows, batch = yhat.cols;
        for (int j = 0; j < batch; j++) {
            double dot = 0;                                                         // ŷ·d of column j
            for (int i = 0; i < rows; i++) dot += yhat.data[i * batch + j] * d.data[i * batch + j];
            for (int i = 0; i < rows; i++) {
                int ij = i * batch + j;
                d.data[ij] = s * yhat.data[ij] * (d.data[ij] - dot);                // Σ_i d_i ŷ_i(δ_ij − ŷ_j)
            }
        }
        return d;
    }
}
