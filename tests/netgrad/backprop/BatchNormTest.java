package netgrad.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;

/** Batch norm's closed-form backward against the full form through ∂μ/∂a and ∂σ²/∂a, and its two modes. */
class BatchNormTest {
    private static Matrix random(Random r, int rows, int cols, double scale, double shift) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) m.data[i] = shift + scale * r.nextGaussian();
        return m;
    }

    @Test
    void closedFormEqualsTheThreePathsThroughMuAndSigmaSquared() {
        Random r = new Random(14);
        int n = 3;
        int batch = 6;
        double eps = 1e-3;
        Matrix a = random(r, n, batch, 2, 0.5);
        Matrix gamma = random(r, n, 1, 1, 1);
        Matrix beta = random(r, n, 1, 1, 0);
        Matrix gradAhat = random(r, n, batch, 1, 0);
        Matrix mean = new Matrix(n, 1);
        Matrix variance = new Matrix(n, 1);
        Matrix xhat = new Matrix(n, batch);
        Matrix ahat = new Matrix(n, batch);
        BatchNorm.forward(a, gamma, beta, eps, mean, variance, xhat, ahat);
        Matrix closed = new Matrix(n, batch);
        BatchNorm.preActivationGradient(gradAhat, xhat, gamma, variance, eps, batch, closed);

        for (int i = 0; i < n; i++) {
            double mu = mean.get(i, 0);
            double s = Math.sqrt(variance.get(i, 0) + eps);
            double gradVar = 0;   // ∇σ² = Σ_j ∇x̂_ij · (−(a_ij − μ)/(2 s³))
            double gradMu = 0;    // ∇μ = Σ_j ∇x̂_ij · (−1/s)
            for (int j = 0; j < batch; j++) {
                double gradXhat = gamma.get(i, 0) * gradAhat.get(i, j);
                gradVar += gradXhat * -(a.get(i, j) - mu) / (2 * s * s * s);
                gradMu += gradXhat * -1 / s;
            }
            for (int l = 0; l < batch; l++) {
                double direct = gamma.get(i, 0) * gradAhat.get(i, l) / s;
                double full = direct + gradMu / batch + gradVar * 2 * (a.get(i, l) - mu) / batch;
                assertThat(closed.get(i, l)).as("∇a[%d,%d]", i, l).isCloseTo(full, within(1e-12));
            }
        }
    }

    @Test
    void theGradientOfAPerUnitShiftOfAIsZero() {
        Random r = new Random(3);
        Matrix a = random(r, 2, 5, 1, 0);
        Matrix gamma = random(r, 2, 1, 1, 1);
        Matrix xhat = new Matrix(2, 5);
        Matrix variance = new Matrix(2, 1);
        BatchNorm.forward(a, gamma, new Matrix(2, 1), 1e-5, new Matrix(2, 1), variance, xhat, new Matrix(2, 5));
        Matrix gradA = new Matrix(2, 5);
        BatchNorm.preActivationGradient(random(r, 2, 5, 1, 0), xhat, gamma, variance, 1e-5, 5, gradA);
        for (int i = 0; i < 2; i++) {
            double sum = 0;   // ∇b_k = Σ_batch ∇a_k: b_k is cancelled by the mean subtraction
            for (int j = 0; j < 5; j++) sum += gradA.get(i, j);
            assertThat(sum).isCloseTo(0, within(1e-14));
        }
    }

    @Test
    void evaluationWithTheBatchsOwnStatisticsIsTrainingMode() {
        Random r = new Random(5);
        Matrix a = random(r, 3, 4, 1.5, -1);
        Matrix gamma = random(r, 3, 1, 1, 1);
        Matrix beta = random(r, 3, 1, 1, 0);
        Matrix mean = new Matrix(3, 1);
        Matrix variance = new Matrix(3, 1);
        Matrix training = new Matrix(3, 4);
        BatchNorm.forward(a, gamma, beta, 1e-5, mean, variance, new Matrix(3, 4), training);
        Matrix evaluation = new Matrix(3, 4);
        BatchNorm.evaluate(a, gamma, beta, 1e-5, mean, variance, evaluation);
        for (int e = 0; e < 12; e++) {
            assertThat(evaluation.data[e]).isCloseTo(training.data[e], within(1e-14));
        }
        assertThat(mean.get(0, 0)).isCloseTo((a.get(0, 0) + a.get(0, 1) + a.get(0, 2) + a.get(0, 3)) / 4, within(1e-15));
    }
}
