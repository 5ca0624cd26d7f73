package netgrad.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import netgrad.check.Mutant;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * Which classic mistake made the first wrong array of yours: the quantity recomputed on the same θ and batch with
 * each {@link Mutant} of the catalogue planted (in every layer where it applies), a match to {@link #MATCH}
 * relative naming it. Where nothing matches, the error's shape: a constant factor (B, 1/B, 2, ½, −1, the number
 * of classes), a transpose, a subset of columns (examples) or rows (units) wrong, all zero.
 */
public final class Diagnosis {
    /** Yours matches a planted mistake when every entry is within this fraction of the largest. */
    public static final double MATCH = 1e-8;

    /**
     * @param matches the catalogue's mistakes that give your numbers, the first the one reported
     * @param shape   what the error looks like, when no mistake matches (else empty)
     */
    public record Finding(List<Mutant> matches, String shape) {
        public Mutant mistake() {
            return matches.isEmpty() ? null : matches.get(0);
        }
    }

    /**
     * The catalogue in the order matches are reported: the narrower mistakes first where two give the same numbers
     * (in a logistic layer σ′ taken as σ is g instead of g′).
     */
    static final List<Mutant> PREFERENCE;

    static {
        List<Mutant> order = new ArrayList<>(List.of(Mutant.TANH_PRIME_AS_1_MINUS_TANH, Mutant.LOGISTIC_PRIME_AS_G));
        for (Mutant m : Mutant.values()) {
            if (!order.contains(m)) order.add(m);
        }
        PREFERENCE = List.copyOf(order);
    }

    private Diagnosis() {}

    static Finding diagnose(Plan plan, Parameters theta, Batch batch, YoursCheck.Item wrong, double loss) {
        List<Mutant> matches = new ArrayList<>();
        Matrix yours = wrong.yours();
        int examples = batch.size();
        switch (wrong.target().role()) {
            case GRADIENT -> {
                for (Mutant m : PREFERENCE) {
                    if (m.notApplicable(plan, theta, examples) == null) {
                        Matrix planted = m.plant(plan).gradients(theta, batch).get(wrong.target().quantity());
                        if (YoursCheck.close(yours, planted, MATCH)) {
                            matches.add(m);
                        }
                    }
                }
            }
            case LOSS -> {
                double decay = 0;
                for (int k = 1; k <= plan.depth(); k++) {
                    decay += 0.5 * plan.weightDecay() * Ops.sumOfSquares(theta.W(k));   // (λ/2)‖W_k‖²
                }
                double summed = examples * (loss - decay) + decay;                        // Σ ℓ + (λ/2)Σ‖W_k‖²
                double v = yours.data[0];
                if (examples > 1 && (near(v, summed) || near(v, examples * loss))) {
                    matches.add(Mutant.SUM_NOT_MEAN);
                }
            }
            case VALUE, OUTPUT, MEAN, VARIANCE, XHAT -> { }
        }
        Quantity q = wrong.target().quantity();
        double p = q != null && q.k() >= 1 && q.k() < plan.depth() ? plan.dropout(q.k()) : 0;
        String shape = matches.isEmpty() ? shape(yours, wrong.reference(), examples, plan.units(plan.depth()), p) : "";
        return new Finding(List.copyOf(matches), shape);
    }

    private static boolean near(double x, double y) {
        return Math.abs(x - y) <= MATCH * Math.max(Math.abs(x), Math.abs(y)) + YoursCheck.FLOOR;
    }

    /** The error's shape in words. */
    static String shape(Matrix yours, Matrix reference, int examples, int classes) {
        return shape(yours, reference, examples, classes, 0);
    }

    /** The error's shape in words; {@code dropout} is p of the quantity's layer (0 without dropout). */
    static String shape(Matrix yours, Matrix reference, int examples, int classes, double dropout) {
        if (YoursCheck.largest(yours) <= YoursCheck.FLOOR) {
            return "yours is all zero";
        }
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < yours.size(); i++) {
            dot += yours.data[i] * reference.data[i];
            norm += reference.data[i] * reference.data[i];
        }
        if (norm > 0) {
            double r = dot / norm;                                                    // least-squares factor
            if (YoursCheck.close(yours, YoursCheck.scaled(r, reference), 1e-6)) {
                return "yours is the lecture's times " + factor(r, examples, classes, dropout);
            }
        }
        if (reference.rows == reference.cols && reference.rows > 1
                && YoursCheck.close(yours, reference.transpose(), 1e-6)) {
            return "yours is the transpose of the lecture's";
        }
        List<Integer> rows = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        double tol = YoursCheck.TOLERANCE * Math.max(YoursCheck.largest(yours), YoursCheck.largest(reference)) + YoursCheck.FLOOR;
        int worst = 0;
        for (int i = 0; i < yours.rows; i++) {
            for (int j = 0; j < yours.cols; j++) {
                int ij = i * yours.cols + j;
                if (Math.abs(yours.data[ij] - reference.data[ij]) > tol) {
                    if (!rows.contains(i)) rows.add(i);
                    if (!cols.contains(j)) cols.add(j);
                }
                if (Math.abs(yours.data[ij] - reference.data[ij]) > Math.abs(yours.data[worst] - reference.data[worst])) {
                    worst = ij;
                }
            }
        }
        if (cols.size() < yours.cols && yours.cols > 1) {
            return "only column" + (cols.size() == 1 ? " " : "s ") + list(cols) + " of " + yours.cols
                    + (yours.cols == examples ? " (examples)" : "") + " wrong";
        }
        if (rows.size() < yours.rows && yours.rows > 1) {
            return "only row" + (rows.size() == 1 ? " " : "s ") + list(rows) + " of " + yours.rows + " (units) wrong";
        }
        return String.format(Locale.ROOT, "no simple pattern; the largest difference is at [%d,%d]: yours %.6g, lecture %.6g",
                worst / yours.cols, worst % yours.cols, yours.data[worst], reference.data[worst]);
    }

    private static String factor(double r, int examples, int classes, double dropout) {
        if (dropout > 0) {                       // first: in a layer with p = ½, the ½ is dropout's 1 − p
            double keep = 1 - dropout;
            if (Math.abs(r - keep) <= 1e-6 * keep) {
                return String.format(Locale.ROOT, "1 − p = %s (dropout's 1/(1 − p) left out)", keep);
            }
            if (Math.abs(r - 1 / keep) <= 1e-6 / keep) {
                return String.format(Locale.ROOT, "1/(1 − p) = %.6g (dropout's 1/(1 − p) applied twice)", 1 / keep);
            }
        }
        double[] values = {examples, 1.0 / examples, 2, 0.5, -1, classes, 1.0 / classes};
        String[] names = {"B = " + examples + " (the batch size)", "1/B = 1/" + examples, "2", "½", "−1 (the sign flipped)",
                "the number of classes (" + classes + ")", "1/(the number of classes) = 1/" + classes};
        for (int i = 0; i < values.length; i++) {
            if (Math.abs(r - values[i]) <= 1e-6 * Math.abs(values[i])) {
                return names[i];
            }
        }
        if (examples > 1) {
            double unbiased = examples / (examples - 1.0);                         // Σ/(B − 1) against Σ/B
            if (Math.abs(r - unbiased) <= 1e-6 * unbiased) {
                return "B/(B − 1) = " + examples + "/" + (examples - 1) + " (the unbiased variance, where the lecture's "
                        + "divides by B)";
            }
            if (Math.abs(r - 1 / unbiased) <= 1e-6 / unbiased) {
                return "(B − 1)/B = " + (examples - 1) + "/" + examples;
            }
        }
        return String.format(Locale.ROOT, "a constant factor %.6g", r);
    }

    private static String list(List<Integer> indices) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < indices.size() && i < 6; i++) {
            s.append(i == 0 ? "" : ", ").append(indices.get(i));
        }
        return s + (indices.size() > 6 ? ", …" : "");
    }
}
