package netgrad.model;

import java.util.ArrayList;
import java.util.List;

import netgrad.plan.Plan;

/**
 * Which hidden layers have identical units, and whether their gradients keep them identical. Units i and j of
 * layer k are identical when rows i and j of W_k and entries i and j of b_k are equal: they then compute the
 * same a_k and h_k, every later layer treats them alike, and the rows of ∇W_k (and the entries of ∇b_k) are
 * equal too, so no gradient step can make the units differ. {@code init zeros} makes every hidden layer so.
 *
 * @param layers one entry per hidden layer whose units are all identical (empty when none is)
 */
public record Symmetry(List<Layer> layers) {
    /**
     * One hidden layer whose n_k units are all identical.
     *
     * @param k                 the layer
     * @param units             n_k
     * @param gradientRowsEqual whether every row of ∇W_k and every entry of ∇b_k are equal (bit for bit)
     */
    public record Layer(int k, int units, boolean gradientRowsEqual) {}

    /** The hidden layers of {@code plan} with at least two units, all identical under {@code theta}. */
    public static Symmetry of(Plan plan, Parameters theta, Gradients gradients) {
        List<Layer> layers = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.units(k) >= 2 && rowsEqual(theta.W(k)) && rowsEqual(theta.b(k))) {
                layers.add(new Layer(k, plan.units(k), rowsEqual(gradients.W(k)) && rowsEqual(gradients.b(k))));
            }
        }
        return new Symmetry(List.copyOf(layers));
    }

    public boolean any() {
        return !layers.isEmpty();
    }

    /** True when every row of {@code m} equals its first row, entry for entry (== : 0.0 and −0.0 are equal). */
    static boolean rowsEqual(netgrad.linalg.Matrix m) {
        for (int i = 1; i < m.rows; i++) {
            for (int j = 0; j < m.cols; j++) {
                if (m.data[i * m.cols + j] != m.data[j]) {
                    return false;
                }
            }
        }
        return true;
    }
}
