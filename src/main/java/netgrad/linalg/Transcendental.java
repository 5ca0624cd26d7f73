package netgrad.linalg;

/**
 * tanh and the logistic over whole arrays in SIMD lanes (the JDK Vector API, {@link VectorTranscendental}) when the
 * module {@code jdk.incubator.vector} is loaded, as it is for train, bench and evaluate; each method computes a
 * prefix of the array (a whole number of vectors) and returns its length, and the caller computes the rest with
 * its scalar form. Without the module (or with {@code -Dnetgrad.kernel=scalar}) the prefix is empty. The lanes
 * use the same formulas as the scalar forms of {@code backprop/Activations}, with the Vector API's e^x, so values
 * may differ from the scalar ones in the last bits (measured within 3 ulps of {@code Math.tanh}); they are the
 * same from run to run on one machine.
 */
public final class Transcendental {
    private Transcendental() {}

    /** The lanes' implementation, or null when the Vector API is not there. */
    interface Lanes {
        int tanh(double[] in, double[] out, int n);

        int logistic(double[] in, double[] out, int n);
    }

    private static final Lanes LANES = choose();

    private static Lanes choose() {
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                || "scalar".equals(System.getProperty("netgrad.kernel"))) {
            return null;
        }
        try {
            return (Lanes) Class.forName("netgrad.linalg.VectorTranscendental").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** out[i] = tanh(in[i]) for i below the returned count (0 without the Vector API); out may be in. */
    public static int tanh(double[] in, double[] out, int n) {
        return LANES == null ? 0 : LANES.tanh(in, out, n);
    }

    /** out[i] = 1/(1 + e^−in[i]) for i below the returned count (0 without the Vector API); out may be in. */
    public static int logistic(double[] in, double[] out, int n) {
        return LANES == null ? 0 : LANES.logistic(in, out, n);
    }

    /** Whether the lanes are in use (for benchmark headers and tests). */
    public static boolean vectorised() {
        return LANES != null;
    }
}
