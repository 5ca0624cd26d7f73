package netgrad.explain;

import netgrad.linalg.Matrix;

/**
 * Batch normalisation's ∇a by the full form, the three paths of the derivation ({@link OperationRules#batchNorm}),
 * computed here independently of backprop's closed form (backprop/BatchNorm.preActivationGradient) so that a trace
 * can show the intermediate gradients and check that both forms give the same ∇a. Per unit i, examples j, l,
 * with s_i = √(σ²_i + ε):
 * <pre>
 *   ∇x̂_ij = γ_i ∇â_ij
 *   ∇σ²_i = Σ_j ∇x̂_ij · (−(a_ij − μ_i) / (2 s_i³))
 *   ∇μ_i  = Σ_j ∇x̂_ij · (−1/s_i) + ∇σ²_i · (−(2/B) Σ_j (a_ij − μ_i))      (the second term is 0 but for rounding)
 *   ∇a_il = ∇x̂_il / s_i + ∇μ_i / B + ∇σ²_i · 2(a_il − μ_i) / B
 * </pre>
 *
 * @param s        s_i = √(σ²_i + ε), n × 1
 * @param gradXhat ∇x̂, n × B
 * @param gradVar  ∇σ², n × 1
 * @param gradMu   ∇μ, n × 1
 * @param gradA    ∇a by the full form, n × B
 */
record BatchNormPaths(Matrix s, Matrix gradXhat, Matrix gradVar, Matrix gradMu, Matrix gradA) {

    /** The full form from the forward pass's a (n × B), μ, σ² (n × 1), ε, γ (n × 1) and ∇â (n × B). */
    static BatchNormPaths of(Matrix a, Matrix mean, Matrix variance, double eps, Matrix gamma, Matrix gradAhat) {
        int n = a.rows;
        int batch = a.cols;
        Matrix s = standardDeviations(variance, eps);
        Matrix gradXhat = new Matrix(n, batch);
        Matrix gradVar = new Matrix(n, 1);
        Matrix gradMu = new Matrix(n, 1);
        Matrix gradA = new Matrix(n, batch);
        for (int i = 0; i < n; i++) {
            double si = s.data[i];
            double mu = mean.data[i];
            double dVar = 0;
            double dMu = 0;
            double centredSum = 0;
            for (int j = 0; j < batch; j++) {
                int e = i * batch + j;
                double dx = gamma.data[i] * gradAhat.data[e];                      // ∇x̂_ij = γ_i ∇â_ij
                gradXhat.data[e] = dx;
                dVar += dx * (-(a.data[e] - mu) / (2 * si * si * si));             // ∂x̂_ij/∂σ²_i
                dMu += dx * (-1 / si);                                             // ∂x̂_ij/∂μ_i
                centredSum += a.data[e] - mu;
            }
            dMu += dVar * (-2.0 / batch * centredSum);                             // ∇σ² ∂σ²/∂μ, Σ_j (a_ij − μ_i) = 0
            gradVar.data[i] = dVar;
            gradMu.data[i] = dMu;
            for (int l = 0; l < batch; l++) {
                int e = i * batch + l;
                gradA.data[e] = gradXhat.data[e] / si + dMu / batch                 // the direct path and μ's
                        + dVar * 2 * (a.data[e] - mu) / batch;                     // σ²'s: ∂σ²/∂a_il = 2(a_il − μ_i)/B
            }
        }
        return new BatchNormPaths(s, gradXhat, gradVar, gradMu, gradA);
    }

    /** s_i = √(σ²_i + ε). */
    static Matrix standardDeviations(Matrix variance, double eps) {
        Matrix s = new Matrix(variance.rows, 1);
        for (int i = 0; i < variance.rows; i++) {
            s.data[i] = Math.sqrt(variance.data[i] + eps);
        }
        return s;
    }
}
