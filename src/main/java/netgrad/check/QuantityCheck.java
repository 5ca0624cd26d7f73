package netgrad.check;

import java.util.Map;

import netgrad.check.Tolerances.Pair;

/**
 * The three-way check of one gradient of the derivation (one {@link Step}).
 *
 * @param step    the step that computes it
 * @param rows    its rows
 * @param cols    its columns
 * @param checked how many entries were compared (1 in directional mode: the projection on one direction)
 * @param kinks   entries whose finite difference crossed a relu kink (not held against the engines)
 * @param pairs   the worst relative error and the number of failing entries of each pair
 * @param worst   the entry with the largest error relative to its tolerance, or null when nothing was compared
 * @param verdict the outcome
 * @param note    why the verdict is {@link Verdict#MISSING} or {@link Verdict#NOT_EXERCISED}, else empty
 * @param scale   the quantity's scale: max over its entries of |backprop| and |tape| (the floors are relative to it)
 * @param noise   the rounding noise of its finite differences
 */
public record QuantityCheck(Step step, int rows, int cols, int checked, int kinks, Map<Pair, PairResult> pairs,
                            Entry worst, Verdict verdict, String note, double scale, double noise) {

    /**
     * AGREE: all three agree and the quantity is resolved; DISAGREE: some pair fails; MISSING: an engine did not
     * compute it; NOT_EXERCISED: nothing disagrees, but the quantity is identically 0 or below what finite
     * differences resolve, so a mistake in it could not have shown (never reported "ok").
     */
    public enum Verdict { AGREE, DISAGREE, MISSING, NOT_EXERCISED }

    /**
     * One pair over the compared entries: the worst relative error among entries whose difference exceeds the
     * floor (0 when none does), how many entries failed, and the largest absolute difference.
     */
    public record PairResult(double worstError, int failures, double largestDifference) {}

    /**
     * One compared entry: row and column in the quantity (−1, −1 for a directional projection) and the three
     * values.
     */
    public record Entry(int row, int col, double backprop, double tape, double fd, boolean kink) {}

    /** Nothing disagrees (the quantity may still be {@link Verdict#NOT_EXERCISED}). */
    public boolean agrees() {
        return verdict == Verdict.AGREE || verdict == Verdict.NOT_EXERCISED;
    }

    public String shape() {
        return "(" + rows + "x" + cols + ")";
    }

    public boolean fails(Pair pair) {
        PairResult r = pairs.get(pair);
        return r != null && r.failures() > 0;
    }

    /**
     * Which engine is the odd one out when this check fails: "backprop" or "tape" when it alone disagrees with the
     * two others, "finite differences" when the two engines agree with each other but not with them, else null.
     */
    public String oddOneOut() {
        boolean bt = fails(Pair.BACKPROP_TAPE);
        boolean bf = fails(Pair.BACKPROP_FD);
        boolean tf = fails(Pair.TAPE_FD);
        if (bt && bf && !tf) {
            return "backprop";
        }
        if (bt && tf && !bf) {
            return "tape";
        }
        if (bf && tf && !bt) {
            return "finite differences";
        }
        return null;
    }
}
