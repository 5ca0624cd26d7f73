package netgrad.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import netgrad.linalg.Matrix;
import netgrad.linalg.Naive;
import netgrad.linalg.Ops;
import netgrad.plan.Plan;

/**
 * The one thing three engines cannot see alone: a bug in the linear algebra backprop and the tape share. Checks
 * the fast products of {@link Ops} against {@link Naive}'s triple loops on the shapes of this run, for every layer
 * k: a_k = W_k h_{k−1} (mult), ∇h_{k−1} = W_kᵀ ∇a_k (multTransA), ∇W_k = ∇a_k h_{k−1}ᵀ (multTransB), on seeded
 * random matrices with entries in [−1, 1).
 */
public final class SharedCode {
    /** Two products agree when |fast − naive| ≤ this · inner dimension (entries of |·| ≤ 1). */
    public static final double TOLERANCE = 1e-13;

    private SharedCode() {}

    /** One line per product that differs from the naive reference, e.g. "Ops.mult on (3x4)·(4x5)"; empty when none. */
    public static List<String> problems(Plan plan, int examples) {
        Random random = new Random(7);
        List<String> out = new ArrayList<>();
        for (int k = 1; k <= plan.depth(); k++) {
            int n = plan.units(k);
            int m = plan.units(k - 1);
            Matrix w = random(n, m, random);
            Matrix h = random(m, examples, random);
            Matrix g = random(n, examples, random);
            Matrix fast = new Matrix(n, examples);
            Matrix slow = new Matrix(n, examples);
            Ops.mult(w, h, fast);
            Naive.mult(w, h, slow);
            note(out, "Ops.mult", w, h, fast, slow, m);
            fast = new Matrix(m, examples);
            slow = new Matrix(m, examples);
            Ops.multTransA(w, g, fast);
            Naive.multTransA(w, g, slow);
            note(out, "Ops.multTransA", w, g, fast, slow, n);
            fast = new Matrix(n, m);
            slow = new Matrix(n, m);
            Ops.multTransB(g, h, fast);
            Naive.multTransB(g, h, slow);
            note(out, "Ops.multTransB", g, h, fast, slow, examples);
        }
        return out.stream().distinct().toList();
    }

    private static void note(List<String> out, String op, Matrix x, Matrix y, Matrix fast, Matrix slow, int inner) {
        double worst = 0;
        for (int i = 0; i < fast.size(); i++) {
            double d = Math.abs(fast.data[i] - slow.data[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        if (worst > TOLERANCE * inner) {
            out.add(String.format(Locale.ROOT, "%s on %s·%s differs from the naive product by up to %.1e", op, x.shape(),
                    y.shape(), worst));
        }
    }

    private static Matrix random(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data[i] = 2 * random.nextDouble() - 1;
        }
        return m;
    }
}
