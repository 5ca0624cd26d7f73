package netgrad.linalg;

/**
 * tanh and the logistic (and relu with its step) over whole arrays in SIMD lanes (the JDK Vector API, {@link VectorTranscendental}) when the
 * module {@code jdk.incubator.vector} is loaded, as it is for train, bench and evaluate; each method computes a
 * prefix of the array (a whole number of vectors) and returns its length, and the caller computes the rest with
 * its scalar form. Without the module (or with {@code -Dnetgrad.kernel=scalar}) the prefix is empty. The lanes
 * use the scalar forms' formulas ({@link #tanh(double)} here, the logistic of {@code backprop/Activations}) with
 * the Vector API's e^x, so values may differ from the scalar ones in the last bits (measured within 3 ulps of
 * {@code Math.tanh}); they are the same from run to run on one machine.
 */
public final class Transcendental {
    private Transcendental() {}

    /** The lanes' implementation, or null when the Vector API is not there. */
    interface Lanes {
        int tanh(double[] in, double[] out, int n);

        int logistic(double[] in, double[] out, int n);

        int relu(double[] in, double[] out, int n);

        int step(double[] in, double[] out, int n);
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

    /**
     * out[i] = in[i] &gt; 0 ? in[i] : 0 (relu; NaN and −0 give 0, as the scalar form) for i below the returned count (0
     * without the Vector API); out may be in. Not transcendental, but as slow without lanes: a branch per entry.
     */
    public static int relu(double[] in, double[] out, int n) {
        return LANES == null ? 0 : LANES.relu(in, out, n);
    }

    /** out[i] = in[i] &gt; 0 ? 1 : 0 (relu′, the step; NaN gives 0) for i below the returned count; out may be in. */
    public static int step(double[] in, double[] out, int n) {
        return LANES == null ? 0 : LANES.step(in, out, n);
    }

    /**
     * tanh z, as the Cephes library computes it (S. L. Moshier): for |z| &lt; 0.625 the rational approximation
     * tanh x = x + x³·P(x²)/Q(x²), else tanh x = 1 − 2/(e^{2x} + 1), both on x = |z| and given z's sign.
     * {@code Math.exp} is a JIT intrinsic and {@code Math.tanh} is not: about 6–9 ns against 24 ns a value, and a
     * training epoch of 784-128-128-10 evaluates 15 million. Within 2 ulps of {@code Math.tanh} (measured over
     * 20 million points; the test allows 3); tanh(±∞) = ±1, tanh(−0) = −0, NaN stays NaN. The lanes of
     * {@link #tanh(double[], double[], int)} compute the same formula.
     */
    public static double tanh(double z) {
        double x = Math.abs(z);
        double t;
        if (x < TANH_SMALL) {
            double s = x * x;
            t = x + x * s * (((TANH_P0 * s + TANH_P1) * s + TANH_P2) / (((s + TANH_Q0) * s + TANH_Q1) * s + TANH_Q2));
        } else {
            t = 1.0 - 2.0 / (exp(2.0 * x) + 1.0);        // no cancellation: 2/(e^{2x}+1) ≤ 0.45 for x ≥ 0.625
        }
        return Math.copySign(t, z);
    }

    /**
     * e^x from IEEE additions and multiplications only, so that the lanes ({@link VectorTranscendental}) compute the
     * same bits as this scalar form in every lane and whether the JIT has compiled them or not (the Vector API's own
     * e^x is Intel's SVML once compiled and {@code Math.exp} before: they differ in the last bits, and a training
     * run's bits would depend on when the JIT got to the step). x = k ln 2 + r, k = rint(x/ln 2) by adding and
     * subtracting 1.5·2⁵², |r| ≤ ln2/2 from ln 2 in two parts (fdlibm's: k·LN2_HI is exact); e^r by its Taylor series
     * to r¹³ (truncation below 4e-18), times 2^k built in the exponent bits. Within 2 ulps of {@code Math.exp}
     * (TranscendentalTest); 0 for x ≤ −708 (the true value is below 2⁻¹⁰²¹), +∞ for x ≥ 709, NaN for NaN.
     */
    public static double exp(double x) {
        double t = x * LOG2E + SHIFT;                          // SHIFT + k, k = rint(x / ln 2)
        double k = t - SHIFT;
        double r = x - k * LN2_HI - k * LN2_LO;                // x − k ln 2
        double p = E13;
        p = p * r + E12;
        p = p * r + E11;
        p = p * r + E10;
        p = p * r + E9;
        p = p * r + E8;
        p = p * r + E7;
        p = p * r + E6;
        p = p * r + E5;
        p = p * r + E4;
        p = p * r + E3;
        p = p * r + E2;
        p = p * r + 1.0;
        p = p * r + 1.0;                                       // e^r = Σ r^i / i!
        double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - SHIFT_BITS + 1023) << 52);   // 2^k
        double e = p * scale;
        if (x >= EXP_HIGH) e = Double.POSITIVE_INFINITY;
        if (x <= EXP_LOW) e = 0.0;
        return e;
    }

    static final double LOG2E = 1.4426950408889634;                       // 1/ln 2
    static final double SHIFT = 6755399441055744.0;                       // 1.5·2⁵²: adding it rounds to an integer
    static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    static final double LN2_HI = 6.93147180369123816490e-01;              // ln 2 = LN2_HI + LN2_LO (fdlibm)
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double EXP_HIGH = 709.0;
    static final double EXP_LOW = -708.0;
    static final double E2 = 1.0 / 2, E3 = 1.0 / 6, E4 = 1.0 / 24, E5 = 1.0 / 120, E6 = 1.0 / 720, E7 = 1.0 / 5040;
    static final double E8 = 1.0 / 40320, E9 = 1.0 / 362880, E10 = 1.0 / 3628800, E11 = 1.0 / 39916800;
    static final double E12 = 1.0 / 479001600, E13 = 1.0 / 6227020800.0;

    /** Below this |z| tanh uses the rational approximation. */
    static final double TANH_SMALL = 0.625;
    // Cephes tanh.c, P(s) = P0 s² + P1 s + P2 and Q(s) = s³ + Q0 s² + Q1 s + Q2
    static final double TANH_P0 = -9.64399179425052238628e-1;
    static final double TANH_P1 = -9.92877231001918586564e1;
    static final double TANH_P2 = -1.61468768441708447952e3;
    static final double TANH_Q0 = 1.12811678491632931402e2;
    static final double TANH_Q1 = 2.23548839060100448583e3;
    static final double TANH_Q2 = 4.84406305325125486048e3;

    /** Whether the lanes are in use (for benchmark headers and tests). */
    public static boolean vectorised() {
        return LANES != null;
    }
}
