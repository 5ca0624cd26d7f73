package netgrad.check;

import netgrad.fd.FiniteDifferences;

/**
 * When two computed derivatives x and y count as equal: when |x − y| ≤ the floor of their quantity (differences
 * below it are rounding noise), or when the relative error |x − y| / max(|x|, |y|) ≤ the pair's tolerance.
 * The floor is relative to each quantity's own scale s = max over its entries of |backprop| and |tape|:
 * floor · s between backprop and the tape, and at least the finite differences' rounding noise
 * ({@link #fdNoise}) against them, so a quantity of entries ~1e-13 is still compared to ~1e-10 relative.
 *
 * @param step          the finite-difference step (relative: ε = step · max(1, |v|))
 * @param tapeTolerance the relative tolerance between backprop and the tape; both are exact up to rounding
 * @param fdTolerance   the relative tolerance between either engine and finite differences (truncation ε²)
 * @param floor         the floor relative to the quantity's scale; comparisons with finite differences raise
 *                      it to their rounding noise (see {@link #fdNoise}), about 10·𝜖_mach |L| / step ≈ 2·10⁻⁹
 *                      for a parameter and a loss of order 1
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
     * The rounding noise of a central difference of quantity q: 10 𝜖_mach max(1, |L|) / step for a parameter
     * (its perturbation moves every example; the per-example changes of ℓ are summed before the two sides are
     * differenced, so the noise grows with the loss but not with the batch), and 1/B of that for an entry of
     * a_k or h_k (it moves one example, whose change is divided by B). The loss is differenced at ε ≥ step.
     */
    public double fdNoise(double loss, int examples, netgrad.plan.Quantity q) {
        double l = Double.isFinite(loss) ? Math.max(1, Math.abs(loss)) : 1;
        double perParameter = 10 * Math.ulp(1.0) * l / step;
        return q.isParameter() ? perParameter : perParameter / examples;
    }

    /** The floor of the comparisons with finite differences on a parameter (the header's figure). */
    public double fdFloor(double loss) {
        return Math.max(floor, 10 * Math.ulp(1.0) * (Double.isFinite(loss) ? Math.max(1, Math.abs(loss)) : 1) / step);
    }

    /** |x − y| / max(|x|, |y|), or 0 when the difference is at most {@code absoluteFloor}. */
    public static double error(double x, double y, double absoluteFloor) {
        double diff = Math.abs(x - y);
        if (diff <= absoluteFloor) {
            return 0;
        }
        if (Double.isNaN(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        return diff / Math.max(Math.abs(x), Math.abs(y));
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
