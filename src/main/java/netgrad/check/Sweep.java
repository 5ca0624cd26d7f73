package netgrad.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The error of central finite differences against backprop as the step ε goes from 10⁻¹ to 10⁻¹⁰: the truncation
 * error (≈ ε² L‴/6) falls as ε shrinks until the rounding error (≈ 𝜖_mach |L| / ε) takes over and rises again,
 * the V-shaped curve with its bottom near ε ≈ 𝜖_mach^(1/3).
 */
public final class Sweep {
    /** ε = 10⁻¹, 10⁻², …, 10⁻¹⁰. */
    public static final double[] STEPS = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};

    /**
     * One step of the sweep over every checked parameter entry.
     *
     * @param step          ε
     * @param maxDifference max |backprop − fd|
     * @param maxRelative   max |backprop − fd| / max(|backprop|, |fd|) (no floor)
     * @param kinks         entries whose perturbation crossed a relu kink (left out)
     */
    public record Row(double step, double maxDifference, double maxRelative, int kinks) {}

    private Sweep() {}

    /** Every parameter entry (or {@code samples} per tensor, seeded, when samples &gt; 0). */
    public static List<Row> run(Plan plan, Parameters theta, Batch batch, Gradients backprop, int samples, long seed) {
        List<Quantity> names = plan.parameters();
        List<int[]> chosen = new ArrayList<>();
        Random random = new Random(seed);
        for (Quantity name : names) {
            int size = theta.get(name).size();
            chosen.add(Verifier.indices(size, samples > 0 ? samples : size, random));
        }
        List<Row> rows = new ArrayList<>();
        for (double step : STEPS) {
            FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, step);
            double maxDiff = 0;
            double maxRel = 0;
            int kinks = 0;
            for (int t = 0; t < names.size(); t++) {
                Matrix exact = backprop.get(names.get(t));
                for (int index : chosen.get(t)) {
                    FiniteDifferences.Estimate e = fd.entry(names.get(t), index);
                    if (e.kink()) {
                        kinks++;
                        continue;
                    }
                    double x = exact.data[index];
                    double diff = Math.abs(x - e.value());
                    maxDiff = Math.max(maxDiff, diff);
                    if (diff > 0) {
                        maxRel = Math.max(maxRel, diff / Math.max(Math.abs(x), Math.abs(e.value())));
                    }
                }
            }
            rows.add(new Row(step, maxDiff, maxRel, kinks));
        }
        return rows;
    }

    /** The table, with a bar per row on a log scale so the V shows. */
    public static String render(List<Row> rows, double defaultStep) {
        StringBuilder out = new StringBuilder();
        out.append("finite differences against backprop as the step shrinks (every parameter entry):\n\n");
        out.append(String.format(Locale.ROOT, "%-8s %-14s %-14s %s%n", "step ε", "max |bp − fd|", "max rel. error", "log10 max |bp − fd|"));
        double best = Double.POSITIVE_INFINITY;
        double bestStep = 0;
        for (Row r : rows) {
            if (r.maxDifference() < best) {
                best = r.maxDifference();
                bestStep = r.step();
            }
        }
        for (Row r : rows) {
            double log = r.maxDifference() > 0 ? Math.log10(r.maxDifference()) : -17;
            int bar = (int) Math.max(0, Math.round(log + 17));
            String marks = (r.step() == defaultStep ? "  ← default" : "") + (r.step() == bestStep ? "  ← smallest error" : "")
                    + (r.kinks() > 0 ? "  (" + r.kinks() + " kinks left out)" : "");
            out.append(String.format(Locale.ROOT, "%-8.0e %-14.2e %-14.2e %s%s%n", r.step(), r.maxDifference(), r.maxRelative(),
                    "#".repeat(bar), marks));
        }
        out.append("\nlarge steps: truncation error ≈ ε²·L‴/6 falls as ε shrinks;\n");
        out.append("small steps: rounding error ≈ 𝜖_mach·|L|/ε rises.\n");
        return out.toString();
    }
}
