package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.plan.OutputFunction;

/**
 * The output function O of layer L, ŷ = O(a_L), applied to each column (example) of a_L (n_L × B):
 * <pre>
 *   softmax   ŷ_i = e^(a_i − m) / Σ_j e^(a_j − m),  m = max_j a_j  (the shift cancels; nothing overflows)
 *   logistic  ŷ_i = σ(a_i), elementwise
 *   identity  ŷ = a_L
 * </pre>
 */
public final class Outputs {
    private Outputs() {}

    /** ŷ = O(a_L); aL and yhat are n_L × B (yhat may alias aL). Returns yhat. */
    public static Matrix apply(OutputFunction o, Matrix aL, Matrix yhat) {
        if (!aL.sameShape(yhat)) {
            throw new IllegalArgumentException("output " + o.keyword() + ": shapes do not fit: " + aL.shape() + " " + yhat.shape());
        }
        return switch (o) {
            case SOFTMAX -> softmax(aL, yhat);
            case LOGISTIC -> {
                for (int i = 0; i < aL.data.length; i++) yhat.data[i] = Activations.logistic(aL.data[i]);
                yield yhat;
            }
            case IDENTITY -> {
                if (yhat.data != aL.data) System.arraycopy(aL.data, 0, yhat.data, 0, aL.data.length);
                yield yhat;
            }
        };
    }

    /** log Σ_i e^(a_ij) of column j as m + log Σ_i e^(a_ij − m), m the column maximum (log-sum-exp). */
    public static double logSumExp(Matrix a, int j) {
        int batch = a.cols;
        double m = columnMax(a, j);
        double sum = 0;
        for (int i = 0; i < a.rows; i++) sum += Math.exp(a.data[i * batch + j] - m);
        return m + Math.log(sum);
    }

    /** ŷ_ij = e^(a_ij − m_j) / Σ_i e^(a_ij − m_j), one column (example) at a time; returns y. */
    private static Matrix softmax(Matrix a, Matrix y) {
        int n = a.rows, batch = a.cols;
        for (int j = 0; j < batch; j++) {
            double m = columnMax(a, j);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double e = Math.exp(a.data[i * batch + j] - m);
                y.data[i * batch + j] = e;
                sum += e;
            }
            for (int i = 0; i < n; i++) y.data[i * batch + j] /= sum;
        }
        return y;
    }

    /** max_i a_ij. */
    private static double columnMax(Matrix a, int j) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.rows; i++) m = Math.max(m, a.data[i * a.cols + j]);
        return m;
    }
}
