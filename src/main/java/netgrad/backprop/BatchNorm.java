package netgrad.backprop;

import netgrad.linalg.Matrix;

/**
 * Batch normalisation of a_k (n_k × B) over the B examples of the batch, per unit i, and its hand-derived backward.
 * <pre>
 * forward:  μ_i   = (1/B) Σ_j a_ij
 *           σ²_i  = (1/B) Σ_j (a_ij − μ_i)²            (biased: the mean of the squares, as in training mode)
 *           x̂_ij  = (a_ij − μ_i) / √(σ²_i + ε)
 *           â_ij  = γ_i x̂_ij + β_i
 * </pre>
 * Backward, from ∇â (the gradient of the loss with respect to â_k, n_k × B):
 * <pre>
 *   ∇γ_i = Σ_j ∇â_ij x̂_ij                      ∇β_i = Σ_j ∇â_ij                 ∇x̂_ij = γ_i ∇â_ij
 * </pre>
 * ∇a goes through x̂ by three paths, since μ_i and σ²_i depend on every example of row i. With s = √(σ²_i + ε):
 * <pre>
 *   ∂x̂_ij/∂a_il = δ_jl / s  +  ∂x̂_ij/∂μ_i · ∂μ_i/∂a_il  +  ∂x̂_ij/∂σ²_i · ∂σ²_i/∂a_il
 *   ∂μ_i/∂a_il  = 1/B                        ∂x̂_ij/∂μ_i  = −1/s
 *   ∂σ²_i/∂a_il = (2/B)(a_il − μ_i)          ∂x̂_ij/∂σ²_i = −(a_ij − μ_i) / (2 s³)
 *   (the μ-path of σ², Σ_j −(2/B)(a_ij − μ_i) · ∂μ/∂a, is zero because Σ_j (a_ij − μ_i) = 0)
 *
 *   ∇σ²_i = Σ_j ∇x̂_ij · (−(a_ij − μ_i)/(2 s³))
 *   ∇μ_i  = Σ_j ∇x̂_ij · (−1/s)
 *   ∇a_il = ∇x̂_il / s + ∇μ_i / B + ∇σ²_i · (2/B)(a_il − μ_i)
 * </pre>
 * Substituting a − μ = s x̂ gives the closed form the code uses, one pass for the two row sums and one to write:
 * <pre>
 *   ∇a_il = (1 / (B s)) · ( B ∇x̂_il − Σ_j ∇x̂_ij − x̂_il Σ_j ∇x̂_ij x̂_ij )
 * </pre>
 */
public final class BatchNorm {
    private BatchNorm() {}

    /**
     * Training-mode forward: μ, σ² (n × 1) over the batch, x̂ and â = γ ⊙ x̂ + β (n × B) from a (n × B).
     * Writes {@code mean}, {@code variance}, {@code xhat}, {@code ahat}; allocates nothing.
     */
    public static void forward(Matrix a, Matrix gamma, Matrix beta, double eps, Matrix mean, Matrix variance,
                               Matrix xhat, Matrix ahat) {
        int n = a.rows;
        int batch = a.cols;
        for (int i = 0; i < n; i++) {
            int row = i * batch;
            double sum = 0;
            for (int j = 0; j < batch; j++) {
                sum += a.data[row + j];
            }
            double mu = sum / batch;                                             // μ_i = (1/B) Σ_j a_ij
            double squares = 0;
            for (int j = 0; j < batch; j++) {
                double d = a.data[row + j] - mu;
                squares += d * d;
            }
            double var = squares / batch;                                        // σ²_i = (1/B) Σ_j (a_ij − μ_i)²
            double s = Math.sqrt(var + eps);
            mean.data[i] = mu;
            variance.data[i] = var;
            for (int j = 0; j < batch; j++) {
                double x = (a.data[row + j] - mu) / s;                           // x̂_ij = (a_ij − μ_i)/√(σ²_i + ε)
                xhat.data[row + j] = x;
                ahat.data[row + j] = gamma.data[i] * x + beta.data[i];           // â_ij = γ_i x̂_ij + β_i
            }
        }
    }

    /**
     * Evaluation-mode forward with fixed statistics (the running mean and variance kept by training):
     * â_ij = γ_i (a_ij − μ_i)/√(σ²_i + ε) + β_i. Writes {@code ahat} (may alias {@code a}).
     */
    public static void evaluate(Matrix a, Matrix gamma, Matrix beta, double eps, Matrix mean, Matrix variance,
                                Matrix ahat) {
        int batch = a.cols;
        for (int i = 0; i < a.rows; i++) {
            double s = Math.sqrt(variance.data[i] + eps);
            for (int j = 0; j < batch; j++) {
                int e = i * batch + j;
                ahat.data[e] = gamma.data[i] * (a.data[e] - mean.data[i]) / s + beta.data[i];
            }
        }
    }

    /** ∇γ_i = Σ_j ∇â_ij x̂_ij and ∇β_i = Σ_j ∇â_ij (both n × 1). */
    public static void scaleShiftGradient(Matrix gradAhat, Matrix xhat, Matrix gradGamma, Matrix gradBeta) {
        int batch = gradAhat.cols;
        for (int i = 0; i < gradAhat.rows; i++) {
            double g = 0;
            double b = 0;
            for (int j = 0; j < batch; j++) {
                int e = i * batch + j;
                g += gradAhat.data[e] * xhat.data[e];                            // ∇γ_i = Σ_j ∇â_ij x̂_ij
                b += gradAhat.data[e];                                           // ∇β_i = Σ_j ∇â_ij
            }
            gradGamma.data[i] = g;
            gradBeta.data[i] = b;
        }
    }

    /**
     * ∇a_il = (γ_i / (B s_i)) (B ∇â_il − Σ_j ∇â_ij − x̂_il Σ_j ∇â_ij x̂_ij), s_i = √(σ²_i + ε): the closed form
     * above with ∇x̂ = γ ⊙ ∇â. {@code divisor} is the B of σ²'s mean (B; B − 1 only in a planted bug).
     */
    public static void preActivationGradient(Matrix gradAhat, Matrix xhat, Matrix gamma, Matrix variance, double eps,
                                             double divisor, Matrix gradA) {
        int batch = gradAhat.cols;
        for (int i = 0; i < gradAhat.rows; i++) {
            int row = i * batch;
            double sum = 0;
            double dot = 0;
            for (int j = 0; j < batch; j++) {
                sum += gradAhat.data[row + j];                                   // Σ_j ∇â_ij
                dot += gradAhat.data[row + j] * xhat.data[row + j];              // Σ_j ∇â_ij x̂_ij
            }
            double s = Math.sqrt(variance.data[i] + eps);
            double c = gamma.data[i] / (batch * s);                              // γ_i / (B s_i)
            double r = batch / divisor;                                          // 1 but in the planted bug
            for (int j = 0; j < batch; j++) {
                int e = row + j;
                gradA.data[e] = c * (batch * gradAhat.data[e] - sum - xhat.data[e] * dot * r);
            }
        }
    }

    /** ∇a = γ ⊙ ∇â / s: the gradient as if μ and σ² were constants (only in a planted bug). */
    public static void constantStatisticsGradient(Matrix gradAhat, Matrix gamma, Matrix variance, double eps,
                                                  Matrix gradA) {
        int batch = gradAhat.cols;
        for (int i = 0; i < gradAhat.rows; i++) {
            double c = gamma.data[i] / Math.sqrt(variance.data[i] + eps);
            for (int j = 0; j < batch; j++) {
                gradA.data[i * batch + j] = c * gradAhat.data[i * batch + j];
            }
        }
    }
}
