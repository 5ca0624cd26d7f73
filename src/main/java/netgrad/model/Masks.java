package netgrad.model;

import java.util.SplittableRandom;

import netgrad.linalg.Matrix;
import netgrad.plan.Plan;

/**
 * Dropout's masks m_k (n_k × B, entries 0 or 1, P(m = 0) = p_k) for the layers of a plan with dropout, drawn
 * from a seed so that every engine sees the same ones. {@link #NONE} is evaluation mode: dropout is the identity.
 * The matrices are buffers: {@link #redraw} overwrites them in place (a training step allocates nothing).
 */
public final class Masks {
    /** No masks: every engine runs dropout as the identity (evaluation mode). */
    public static final Masks NONE = new Masks(new Matrix[0], new double[0]);

    private final Matrix[] masks;   // index k; null where layer k has no dropout
    private final double[] p;

    private Masks(Matrix[] masks, double[] p) {
        this.masks = masks;
        this.p = p;
    }

    /** Masks for a batch of B examples through {@code plan}, drawn from {@code seed}; NONE when no layer drops. */
    public static Masks draw(Plan plan, int batchSize, long seed) {
        Masks m = allocate(plan, batchSize);
        m.redraw(new SplittableRandom(seed));
        return m;
    }

    /** All-ones masks for the plan's dropout layers (NONE when it has none), to be {@link #redraw}n. */
    public static Masks allocate(Plan plan, int batchSize) {
        int depth = plan.depth();
        Matrix[] masks = new Matrix[depth + 1];
        double[] p = new double[depth + 1];
        boolean any = false;
        for (int k = 1; k < depth; k++) {
            p[k] = plan.dropout(k);
            if (p[k] > 0) {
                masks[k] = new Matrix(plan.units(k), batchSize);
                java.util.Arrays.fill(masks[k].data, 1.0);
                any = true;
            }
        }
        return any ? new Masks(masks, p) : NONE;
    }

    /** Draws every entry again: m = 0 with probability p_k, else 1, row by row, layer by layer. Allocates nothing. */
    public void redraw(SplittableRandom random) {
        for (int k = 1; k < masks.length; k++) {
            if (masks[k] != null) {
                double[] m = masks[k].data;
                for (int i = 0; i < m.length; i++) {
                    m[i] = random.nextDouble() < p[k] ? 0.0 : 1.0;
                }
            }
        }
    }

    /** m_k, or null when layer k is not dropped (no dropout there, or evaluation mode). */
    public Matrix mask(int k) {
        return k >= 1 && k < masks.length ? masks[k] : null;
    }

    /** Whether there are masks at all (training mode with dropout). */
    public boolean any() {
        return masks.length > 0;
    }
}
