package netgrad.check;

import netgrad.fd.FiniteDifferences;

/**
 * When two computed derivatives x and y count as equal: when |x − y| ≤ floor (differences below the absolute
 * floor are rounding noise), or when the relative error |x − y| / max(|x|, |y|) ≤ the pair's tolerance.
 *
 * @param step          the finite-difference step (relative: ε = step · max(1, |v|))
 * @param tapeTolerance the relative tolerance between backprop and the tape; both are exact up to rounding
 * @param fdTolerance   the relative tolerance between either engine and finite differences (truncation ε²)
 * @param floor         the absolute floor; comparisons with finite differences raise it to their rounding
 *                      noise (see {@link #fdFloor}), about 10·𝜖_mach |L| / step ≈ 2·10⁻⁹ for a loss of order 1
 */
public record Tolerances(double step, double tapeTolerance, double fdTolerance, double floor) {
    public static final double DEFAULT_TAPE_TOLERANCE = 1e-10;
    public static final double DEFAULT_FD_TOLERANCE = 1e-6;
    public static final double DEFAULT_FLOOR = 1e-10;

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

    /**
     * The floor of the comparisons with finite differences: the larger of {@link #floor} and ten times their
     * estimated rounding noise 𝜖_mach · max(1, |L|) / step (the loss is differenced at a step ≥ {@link #step}).
     */
    public double fdFloor(double loss) {
        if (!Double.isFinite(loss)) {
            return floor;
        }
        return Math.max(floor, 10 * Math.ulp(1.0) * Math.max(1, Math.abs(loss)) / step);
    }

    /** The same tolerances with another floor. */
    public Tolerances withFloor(double newFloor) {
        return new Tolerances(step, tapeTolerance, fdTolerance, newFloor);
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
