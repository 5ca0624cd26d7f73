package netgrad.check;

import java.util.List;
import java.util.Optional;

import netgrad.plan.Plan;

/**
 * The outcome of a three-way gradient check: the loss of each engine, then one {@link QuantityCheck} per step
 * of the derivation in backward order.
 *
 * @param plan        the network
 * @param mode        which mode ran
 * @param samples     entries per quantity in sampled mode
 * @param tolerances  the step, tolerances and floor used
 * @param fdFloor     the floor of the comparisons with finite differences ({@link Tolerances#fdFloor})
 * @param examples    the batch size B
 * @param losses      L according to backprop, the tape and the finite differences' own forward pass
 * @param lossAgrees  whether the three losses agree (to the backprop↔tape tolerance)
 * @param checks      one per step, in the order back_propagation computes them
 */
public record VerifyReport(Plan plan, Mode mode, int samples, Tolerances tolerances, double fdFloor, int examples, double[] losses,
                           boolean lossAgrees, List<QuantityCheck> checks) {

    public boolean agrees() {
        return lossAgrees && checks.stream().allMatch(QuantityCheck::agrees);
    }

    /** The first step, in the order the derivation computes them, whose check fails. */
    public Optional<QuantityCheck> firstWrongStep() {
        return checks.stream().filter(c -> !c.agrees()).findFirst();
    }

    public int entriesChecked() {
        return checks.stream().mapToInt(QuantityCheck::checked).sum();
    }

    public int kinks() {
        return checks.stream().mapToInt(QuantityCheck::kinks).sum();
    }

    /** The largest |x − y| of a pair over every compared entry. */
    public double largestDifference(Tolerances.Pair pair) {
        return checks.stream().filter(c -> c.pairs().containsKey(pair))
                .mapToDouble(c -> c.pairs().get(pair).largestDifference()).max().orElse(0);
    }

    public long failingQuantities() {
        return checks.stream().filter(c -> !c.agrees()).count();
    }
}
