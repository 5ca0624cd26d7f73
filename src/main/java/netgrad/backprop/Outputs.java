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

    /** ŷ = O(a_L); aL and yhat are n_L × B (yhat may alias aL). */
    public static void apply(OutputFunction o, Matrix aL, Matrix yhat) {
        if (!aL.sameShape(yhat)) {
            throw new IllegalArgumentException("output " + o.keyword() + ": shapes do not fit: " + aL.shape() + " " + yhat.shape());
        }
        switch (o) {
            case SOFTMAX -> softmax(aL, yhat);
            case LOGISTIC -> {
                for (int i = 0; i < aL.data.length; i++) yhat.data[i] = Activations.logistic(aL.data[i]);
            }
            case IDENTITY -> {
                if (yhat.data != aL.data) System.arraycopy(aL.data, 0, yhat.data, 0, aL.data.length);
            }
        }
    }

    /**
     * log Σ_i e^(a_i) of every column as m + log Σ_i e^(a_i − m) with m the column maximum (log-sum-exp);
     * {@code out} has one entry per column.
     */
    public static void logSumExp(Matrix a, double[] out) {
        int n = a.rows, batch = a.cols;
        double[] max = columnMax(a);
        double[] sum = new double[batch];
        for (int i = 0; i < n; i++) {
            int row = i * batch;
            for (int j = 0; j < batch; j++) sum[j] += Math.exp(a.data[row + j] - max[j]);
        }
        for (int j = 0; j < batch; j++) out[j] = max[j] + Math.log(sum[j]);
    }

    private static void softmax(Matrix a, Matrix y) {
        int n = a.rows, batch = a.cols;
        double[] max = columnMax(a);
        double[] sum = new double[batch];
        for (int i = 0; i < n; i++) {
            int row = i * batch;
            for (int j = 0; j < batch; j++) {
                double e = Math.exp(a.data[row + j] - max[j]);
                y.data[row + j] = e;
                sum[j] += e;
            }
        }
        for (int i = 0; i < n; i++) {
            int row = i * batch;
            for (int j = 0; j < batch; j++) y.data[row + j] /= sum[j];
        }
    }

    private static double[] columnMax(Matrix a) {
        int batch = a.cols;
        double[] max = new double[batch];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < a.rows; i++) {
            int row = i * batch;
            for (int j = 0; j < batch; j++) max[j] = Math.max(max[j], a.data[row + j]);
        }
        return max;
    }
}
