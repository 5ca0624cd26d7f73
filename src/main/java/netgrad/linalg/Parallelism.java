package netgrad.linalg;

/**
 * How many threads one large matrix product of {@link Ops} may be split over (the calling thread plus workers of
 * the common fork-join pool); 1 makes every product sequential. A value, passed to the products that use it
 * (e.g. {@link Ops#mult(Parallelism, Matrix, Matrix, Matrix)}, {@code new Backprop(plan, parallelism)}); there is
 * no setting to change behind a caller's back. Results do not depend on it, bit for bit: each entry of C is
 * computed by one thread in the same order whatever the count.
 */
public record Parallelism(int threads) {
    /** One thread: every product runs on the caller. */
    public static final Parallelism SEQUENTIAL = new Parallelism(1);

    /**
     * What products use when no parallelism is given: the system property {@code netgrad.threads} if set, else the
     * number of processors, at most 64. Fixed when the class is loaded.
     */
    public static final Parallelism DEFAULT = new Parallelism(defaultThreads());

    public Parallelism {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /** Products over {@code threads} threads (≥ 1). */
    public static Parallelism of(int threads) {
        return threads == 1 ? SEQUENTIAL : new Parallelism(threads);
    }

    private static int defaultThreads() {
        String property = System.getProperty("netgrad.threads");
        int n = property == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(property);
        return Math.max(1, Math.min(n, 64));
    }
}
