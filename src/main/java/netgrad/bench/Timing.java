package netgrad.bench;

import java.util.Arrays;

/** What the benchmarks report of repeated timings. */
public final class Timing {
    private Timing() {}

    /** The median of {@code nanos} (the mean of the two middle values for an even count); the array is not modified. */
    public static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
