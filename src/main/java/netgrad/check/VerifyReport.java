package netgrad.check;

import java.util.ArrayList;
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
 * @param fdFloor     the rounding noise of finite differences on a parameter ({@link Tolerances#fdFloor})
 * @param examples    the batch size B
 * @param losses      L according to backprop, the tape and the finite differences' own forward pass
 * @param lossAgrees  whether the three losses agree (to the backprop↔tape tolerance)
 * @param checks      one per step, in the order back_propagation computes them
 * @param exercised   per hidden layer, how many units are dead or saturated on the batch
 * @param power       the planted mistakes and which were caught, or null when not measured
 * @param blame       who is wrong at the first wrong step (or in the losses), or null when nothing disagrees
 */
public record VerifyReport(Plan plan, Mode mode, int samples, Tolerances tolerances, double fdFloor, int examples, double[] losses,
                           boolean lossAgrees, List<QuantityCheck> checks, List<Exercise> exercised, Power power,
                           Blame blame) {

    /** Nothing that was compared disagrees (the verdict may still be inconclusive). */
    public boolean agrees() {
        return lossAgrees && checks.stream().allMatch(QuantityCheck::agrees);
    }

    /** DISAGREE when something disagrees; INCONCLUSIVE when not, but some mistake could not have shown; else AGREE. */
    public Verdict verdict() {
        if (!agrees()) {
            return Verdict.DISAGREE;
        }
        return inconclusiveBecause().isEmpty() ? Verdict.AGREE : Verdict.INCONCLUSIVE;
    }

    /** Why the check could not have seen some mistake: quantities not exercised, blocked layers, missed mistakes. */
    public List<String> inconclusiveBecause() {
        List<String> why = new ArrayList<>();
        for (Exercise e : exercised) {
            if (e.blocked()) {
                why.add(e.sentence());
            }
        }
        for (QuantityCheck c : checks) {
            if (c.verdict() == QuantityCheck.Verdict.NOT_EXERCISED) {
                why.add(c.step().symbol() + " is not exercised: " + c.note());
            }
        }
        if (power != null) {
            for (Power.Outcome o : power.missed()) {
                why.add("missed: " + o.mutant().description() + ": " + o.reason());
            }
        }
        return why;
    }

    /** The quantities that are not exercised. */
    public List<QuantityCheck> notExercised() {
        return checks.stream().filter(c -> c.verdict() == QuantityCheck.Verdict.NOT_EXERCISED).toList();
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
