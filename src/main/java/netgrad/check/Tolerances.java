package netgrad.check;

/**
 * When two computed derivatives x and y count as equal: when |x − y| ≤ floor (differences below the absolute
 * floor are rounding noise), or when the relative error |x − y| / max(|x|, |y|) ≤ the pair's tolerance.
 *
 * @param step          the finite-difference step (relative: ε = step · max(1, |v|))
 * @param tapeTolerance the relative tolerance between backprop and the tape; both are exact up to rounding
 * @param fdTolerance   the relative tolerance between either engine and finite differences (truncation ε²)
 * @param floor         the absolute floor: it must exceed the rounding noise of a finite difference,
 *                      about 𝜖_mach |L| / ε ≈ 10⁻¹⁰ for a loss of order 1 and the default step
 */
public record Tolerances(double step, double tapeTolerance, double fdTolerance, double floor) {
    public static final double DEFAULT_TAPE_TOLERANCE = 1e-10;
    public static final double DEFAULT_FD_TOLERANCE = 1e-6;
    public static final double DEFAULT_FLOOR = 1e-8;

    public static final Tolerances DEFAULTS = new Tolerances(FiniteDifferences.DEFAULT_STEP, DEFAULT_TAPE_TOLERANCE,
            DEFAULT_FD_TOLERANCE, DEFAULT_FLOOR);

    public Tolerances {
        check("step", step);
        check("tape tolerance", tapeTolerance);
        check("finite-difference tolerance", fdTolerance);
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("the floor must be a number ≥ 0, not " + floor);
        }
    }

    private static void check(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("the " + what + " must be a positive number, not " + value);
        }
    }

    /** |x − y| / max(|x|, |y|), or 0 when the difference is below the floor (also when x = y = 0). */
    public double error(double x, double y) {
        double diff = Math.abs(x - y);
        if (diff <= floor) {
            return 0;
        }
        if (Double.isNaN(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        return diff / Math.max(Math.abs(x), Math.abs(y));
    }

    public double tolerance(Pair pair) {
        return pair == Pair.BACKPROP_TAPE ? tapeTolerance : fdTolerance;
    }

    /** The three comparisons of a three-way check. */
    public enum Pair {
        BACKPROP_TAPE("backprop↔tape"), BACKPROP_FD("backprop↔fd"), TAPE_FD("tape↔fd");

        private final String label;

        Pair(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** True when finite differences are one side (kink entries are not held against these pairs). */
        public boolean involvesFiniteDifferences() {
            return this != BACKPROP_TAPE;
        }
    }
}
