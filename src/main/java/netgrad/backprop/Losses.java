package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;

/**
 * Loss values, the mean over the B columns (examples) of the per-example loss, without weight decay:
 * <pre>
 *   cross_entropy         ℓ = −Σ_i y_i log ŷ_i
 *   binary_cross_entropy  ℓ = −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)]
 *   squared_error         ℓ = ½ Σ_i (ŷ_i − y_i)²
 * </pre>
 * {@link #value(Loss, Matrix, Matrix)} works from ŷ alone; {@link #value(OutputFunction, Loss, Matrix, Matrix, Matrix)}
 * also reads a_L so that softmax + cross-entropy (log-softmax via log-sum-exp) and logistic + binary cross-entropy
 * (on the logits) stay finite when ŷ rounds to 0 or 1.
 */
public final class Losses {
    private Losses() {}

    /** (1/B) Σ_columns ℓ(ŷ, y); ŷ and y are n_L × B. Terms with y_i = 0 (or 1 − y_i = 0) are skipped, as 0·log 0 = 0. */
    public static double value(Loss loss, Matrix yhat, Matrix y) {
        requireSameShape(loss, yhat, y);
        double[] p = yhat.data, t = y.data;
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += switch (loss) {
                case CROSS_ENTROPY -> t[i] == 0 ? 0.0 : -t[i] * Math.log(p[i]);
                case BINARY_CROSS_ENTROPY -> (t[i] == 0 ? 0.0 : -t[i] * Math.log(p[i]))
                        + (t[i] == 1 ? 0.0 : -(1 - t[i]) * Math.log1p(-p[i]));
                case SQUARED_ERROR -> 0.5 * (p[i] - t[i]) * (p[i] - t[i]);
            };
        }
        return sum / yhat.cols;
    }

    /**
     * The same mean loss computed stably from a_L where the pair allows it:
     * softmax + cross-entropy as ℓ = −Σ_i y_i (a_i − logΣ_j e^(a_j)); logistic + binary cross-entropy per unit as
     * ℓ = max(a, 0) − y·a + log(1 + e^−|a|). Every other pair uses {@link #value(Loss, Matrix, Matrix)}.
     */
    public static double value(OutputFunction o, Loss loss, Matrix aL, Matrix yhat, Matrix y) {
        requireSameShape(loss, aL, y);
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            int batch = aL.cols;
            double sum = 0;
            for (int j = 0; j < batch; j++) {
                double lse = Outputs.logSumExp(aL, j);
                for (int i = 0; i < aL.rows; i++) {
                    double t = y.data[i * batch + j];
                    if (t != 0) sum -= t * (aL.data[i * batch + j] - lse);    // −y_i log ŷ_i, log ŷ_i = a_i − lse
                }
            }
            return sum / batch;
        }
        if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY) {
            double sum = 0;
            for (int i = 0; i < aL.data.length; i++) {
                double z = aL.data[i];
                sum += Math.max(z, 0.0) - y.data[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
            }
            return sum / aL.cols;
        }
        return value(loss, yhat, y);
    }

    private static void requireSameShape(Loss loss, Matrix a, Matrix b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(loss.keyword() + ": shapes do not fit: " + a.shape() + " " + b.shape());
        }
    }
}
