package netgrad.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import netgrad.plan.Training;

/** Each float32 rule is its float64 rule ({@link Optimizers}) to float rounding. */
class Float32OptimizersTest {
    /**
     * After 20 steps, relative to max(|w|, 20η) (Adam-like rules move w by about η a step): each step rounds w and
     * the state at u = 6e-8, so 20 steps stay near 20·few·u ≈ 5e-6 in the worst case; 2e-5 leaves a margin of 4.
     */
    static final double TOLERANCE = 2e-5;
    static final int STEPS = 20;
    static final double ETA = 0.01;

    @Test
    void everyFloat32RuleFollowsItsFloat64RuleToFloatRounding() {
        for (Training.Kind kind : Training.Kind.values()) {
            Training.Optimizer config = Training.Optimizer.defaults(kind);
            int n = 300;
            SplittableRandom random = new SplittableRandom(kind.ordinal());
            float[] w = new float[n];
            double[] expected = new double[n];
            for (int j = 0; j < n; j++) expected[j] = w[j] = (float) (random.nextDouble() - 0.5);
            Optimizer f64 = Optimizer.create(config, ETA, new int[]{n});
            Float32Optimizer f32 = Float32Optimizer.create(config, ETA, new int[]{n});
            float[] g = new float[n];
            double[] gd = new double[n];
            for (int step = 0; step < STEPS; step++) {
                for (int j = 0; j < n; j++) gd[j] = g[j] = (float) (random.nextDouble() - 0.5);
                f64.step(new double[][]{expected}, new double[][]{gd});
                f32.beginStep();
                f32.update(0, w, g, 0, n / 3);                                  // in slices, as threads do
                f32.update(0, w, g, n / 3, n);
            }
            double worst = 0;
            for (int j = 0; j < n; j++) {
                worst = Math.max(worst, Math.abs(w[j] - expected[j]) / Math.max(Math.abs(expected[j]), STEPS * ETA));
            }
            assertThat(worst).as(kind.keyword()).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void aWrongRuleWouldBeSeen() {
        Training.Optimizer adam = Training.Optimizer.defaults(Training.Kind.ADAM);
        Training.Optimizer nadam = Training.Optimizer.defaults(Training.Kind.NADAM);
        float[] w1 = {0.5f}, w2 = {0.5f}, g = {0.3f};
        Float32Optimizer a = Float32Optimizer.create(adam, ETA, new int[]{1});
        Float32Optimizer b = Float32Optimizer.create(nadam, ETA, new int[]{1});
        for (int step = 0; step < 3; step++) {
            a.beginStep();
            a.update(0, w1, g, 0, 1);
            b.beginStep();
            b.update(0, w2, g, 0, 1);
        }
        assertThat(Math.abs(w1[0] - w2[0]) / (STEPS * ETA)).isGreaterThan(100 * TOLERANCE);
    }
}
