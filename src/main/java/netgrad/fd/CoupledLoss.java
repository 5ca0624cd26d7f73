package netgrad.fd;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The batch loss of a plan whose examples are coupled, by batch normalisation (μ_k and σ²_k are taken over the
 * whole batch) or dropout (a fixed mask per unit and example), written from the definitions alone:
 * <pre>
 *   a_k = b_k + W_k h_{k−1}
 *   μ_i = (1/B) Σ_j a_ij,  σ²_i = (1/B) Σ_j (a_ij − μ_i)²,  â_ij = γ_i (a_ij − μ_i) / √(σ²_i + ε) + β_i   (batch norm)
 *   z = g(â_k) (or g(a_k)),  h_k = m_k ⊙ z / (1 − p) (dropout, the batch's mask m_k held fixed) else h_k = z
 *   L = (1/B) Σ_b ℓ(O(a_L[:, b]), y[:, b]) + (λ/2) Σ_k ‖W_k‖²
 * </pre>
 * Every evaluation runs the whole forward pass again, so a perturbation of any entry recomputes the batch
 * statistics it moves (no incremental shortcut: one entry of a_k changes μ, σ² and so every â of its row).
 */
final class CoupledLoss {
    private final Plan plan;
    private final Batch batch;
    private final double[] yhatColumn;

    CoupledLoss(Plan plan, Batch batch) {
        this.plan = plan;
        this.batch = batch;
        this.yhatColumn = new double[plan.units(plan.depth())];
    }

    /** The intermediate {@code q} (a_k, â_k or h_k, n_k × B) of the forward pass at θ. */
    Matrix intermediate(Parameters theta, Quantity q) {
        Matrix[] found = new Matrix[1];
        run(theta, null, null, q, found);
        return found[0];
    }

    /** L at θ with the intermediate {@code replaced} (a_k, â_k or h_k; null for none) set to {@code value}. */
    double loss(Parameters theta, Quantity replaced, Matrix value) {
        return run(theta, replaced, value, null, null);
    }

    private double run(Parameters theta, Quantity replaced, Matrix value, Quantity wanted, Matrix[] found) {
        int depth = plan.depth();
        int width = batch.size();
        double[] h = batch.x().data;
        for (int k = 1; k <= depth; k++) {
            int rows = plan.units(k);
            int fanIn = plan.units(k - 1);
            double[] a = new double[rows * width];
            double[] w = theta.W(k).data;
            for (int r = 0; r < rows; r++) {
                for (int b = 0; b < width; b++) {
                    double sum = theta.b(k).data[r];
                    for (int j = 0; j < fanIn; j++) {
                        sum += w[r * fanIn + j] * h[j * width + b];                 // a_k = b_k + W_k h_{k−1}
                    }
                    a[r * width + b] = sum;
                }
            }
            a = step(Quantity.a(k), a, replaced, value, wanted, found, rows, width);
            if (k == depth) {
                double sum = 0;
                for (int b = 0; b < width; b++) {
                    sum += LossFunction.exampleLoss(plan, batch.y(), a, b, yhatColumn);
                }
                return sum / width + decay(theta);
            }
            double[] z = a;
            if (plan.batchNorm(k)) {
                z = step(Quantity.ahat(k), normalize(k, a, theta, rows, width), replaced, value, wanted, found, rows,
                        width);
            }
            double[] out = new double[rows * width];
            for (int e = 0; e < out.length; e++) {
                out[e] = LossFunction.g(plan.activation(k), z[e]);                  // z = g(â_k) or g(a_k)
            }
            Matrix mask = batch.masks().mask(k);
            double p = plan.dropout(k);
            if (mask != null && p > 0) {
                for (int e = 0; e < out.length; e++) {
                    out[e] = mask.data[e] * out[e] / (1 - p);                        // h_k = m_k ⊙ z / (1 − p)
                }
            }
            h = step(Quantity.h(k), out, replaced, value, wanted, found, rows, width);
        }
        throw new IllegalStateException("unreachable: the loop returns at the output layer");
    }

    /** â_ij = γ_i (a_ij − μ_i)/√(σ²_i + ε) + β_i with the statistics of row i over the batch. */
    private double[] normalize(int k, double[] a, Parameters theta, int rows, int width) {
        double eps = plan.batchNormEps(k);
        double[] out = new double[a.length];
        for (int i = 0; i < rows; i++) {
            double mu = 0;
            for (int b = 0; b < width; b++) {
                mu += a[i * width + b];
            }
            mu /= width;                                                            // μ_i
            double var = 0;
            for (int b = 0; b < width; b++) {
                double d = a[i * width + b] - mu;
                var += d * d;
            }
            var /= width;                                                           // σ²_i (biased)
            double sd = Math.sqrt(var + eps);
            for (int b = 0; b < width; b++) {
                out[i * width + b] = theta.gamma(k).data[i] * (a[i * width + b] - mu) / sd + theta.beta(k).data[i];
            }
        }
        return out;
    }

    /** The values of {@code q} from here on: {@code value}'s when q is the replaced one; noted when q is wanted. */
    private static double[] step(Quantity q, double[] computed, Quantity replaced, Matrix value, Quantity wanted,
                                 Matrix[] found, int rows, int width) {
        double[] v = q.equals(replaced) ? value.data.clone() : computed;
        if (q.equals(wanted)) {
            found[0] = new Matrix(rows, width, v.clone());
        }
        return v;
    }

    private double decay(Parameters theta) {
        double squares = 0;
        for (int k = 1; k <= plan.depth(); k++) {
            for (double w : theta.W(k).data) {
                squares += w * w;
            }
        }
        return plan.weightDecay() / 2 * squares;
    }
}
