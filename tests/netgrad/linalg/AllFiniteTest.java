package netgrad.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The finiteness check of a training step (Ops.allFinite, FloatOps.allFinite) in every kernel: one NaN, +∞ or −∞
 * planted at every position of arrays whose lengths are and are not multiples of the vector width is found, only
 * inside [from, to), and finite arrays (with −0, the largest and the smallest values) pass.
 */
class AllFiniteTest {
    private static final double[] BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private static List<Kernel> kernels() {
        return List.of(new ScalarKernel(), new VectorKernel());
    }

    private static List<FloatKernel> floatKernels() {
        return List.of(new FloatScalarKernel(), new FloatVectorKernel());
    }

    @Test
    void everyKernelFindsOneNonFiniteEntryAtEveryPositionAndOnlyInsideTheRange() {
        SplittableRandom random = new SplittableRandom(3);
        for (Kernel kernel : kernels()) {
            for (int n : new int[] {0, 1, 7, 16, 17, 33, 100}) {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = (random.nextDouble() - 0.5) * 1e300;
                if (n > 0) d[0] = -0.0;
                if (n > 1) d[n - 1] = Double.MIN_VALUE;
                if (n > 2) d[1] = -Double.MAX_VALUE;
                assertThat(kernel.allFinite(d, 0, n)).as("%s, n %d all finite", kernel.name(), n).isTrue();
                for (int at = 0; at < n; at++) {
                    for (double bad : BAD) {
                        double keep = d[at];
                        d[at] = bad;
                        assertThat(kernel.allFinite(d, 0, n)).as("%s, %s at %d of %d", kernel.name(), bad, at, n)
                                .isFalse();
                        assertThat(kernel.allFinite(d, 0, at)).as("before it").isTrue();
                        assertThat(kernel.allFinite(d, at + 1, n)).as("after it").isTrue();
                        assertThat(kernel.allFinite(d, at, at + 1)).as("just it").isFalse();
                        d[at] = keep;
                    }
                }
            }
        }
    }

    @Test
    void everyFloatKernelFindsOneNonFiniteEntryAtEveryPositionAndOnlyInsideTheRange() {
        SplittableRandom random = new SplittableRandom(4);
        for (FloatKernel kernel : floatKernels()) {
            for (int n : new int[] {0, 1, 15, 32, 33, 65, 100}) {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) d[i] = (float) ((random.nextDouble() - 0.5) * 1e38);
                if (n > 0) d[0] = -0f;
                if (n > 1) d[n - 1] = Float.MIN_VALUE;
                if (n > 2) d[1] = -Float.MAX_VALUE;
                assertThat(kernel.allFinite(d, 0, n)).as("%s, n %d all finite", kernel.name(), n).isTrue();
                for (int at = 0; at < n; at++) {
                    for (double bad : BAD) {
                        float keep = d[at];
                        d[at] = (float) bad;
                        assertThat(kernel.allFinite(d, 0, n)).as("%s, %s at %d of %d", kernel.name(), bad, at, n)
                                .isFalse();
                        assertThat(kernel.allFinite(d, 0, at)).as("before it").isTrue();
                        assertThat(kernel.allFinite(d, at + 1, n)).as("after it").isTrue();
                        d[at] = keep;
                    }
                }
            }
        }
    }
}
