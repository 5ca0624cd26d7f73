package netgrad.problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Masks;
import netgrad.model.Parameters;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * A problem handed to a user ({@code netgrad problem}): θ and a batch in an .npz of {@code W1, b1, …, WL, bL, x, y}
 * in one {@link Layout}. W_k follow the spec's init; the biases are drawn b_k ~ N(0, {@link #BIAS_SCALE}²) so
 * that no bias gradient mistake hides behind b_k = 0. A network with batch norm or dropout also gets
 * {@code gamma_k, beta_k, eps_k} and the masks {@code m_k, p_k} of the batch ({@link OperationArrays}); γ_k and β_k
 * are drawn too, γ_k ~ N(1, 0.1²) and β_k ~ N(0, 0.1²), so that neither hides behind 1 or 0.
 */
public final class ProblemFile {
    /** σ of the biases of a problem. */
    public static final double BIAS_SCALE = 0.1;

    /** A problem as read back: its θ and batch in the lecture's layout, and the layout the file used. */
    public record Problem(Parameters theta, Batch batch, Layout layout) {}

    /** Bad content of a problem file: a missing or misshapen array, a value that is not finite, a bad target. */
    public static final class InvalidProblemException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidProblemException(String message) {
            super(message);
        }
    }

    private ProblemFile() {}

    /**
     * W_k from the spec's init, b_k ~ N(0, 0.1²) drawn with {@code seed}, then γ_k ~ N(1, 0.1²), β_k ~ N(0, 0.1²)
     * (after every bias: a network without batch norm gets the problem it always got).
     */
    public static Parameters parameters(Plan plan, long seed) {
        Parameters theta = Initializer.initialize(plan);
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (int k = 1; k <= plan.depth(); k++) {
            Matrix b = theta.b(k);
            for (int i = 0; i < b.size(); i++) {
                b.data[i] = BIAS_SCALE * random.nextGaussian();
            }
        }
        OperationArrays.draw(plan, theta, random, BIAS_SCALE);
        return theta;
    }

    /**
     * The arrays W1, b1, (gamma1, beta1, eps1), …, WL, bL, x, y, (m1, p1, …) of the problem in {@code layout}
     * (b_k, γ_k, β_k as n_k × 1 in both: 1-D in NumPy terms in the rows layout, see {@link #vectors}).
     */
    public static Map<String, Matrix> arrays(Plan plan, Parameters theta, Batch batch, Layout layout) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (int k = 1; k <= plan.depth(); k++) {
            out.put(Quantity.W(k).npzKey(), layout == Layout.ROWS ? theta.W(k).transpose() : theta.W(k));
            out.put(Quantity.b(k).npzKey(), theta.b(k));
            out.putAll(OperationArrays.ofLayer(plan, theta, k));
        }
        out.put("x", layout == Layout.ROWS ? batch.x().transpose() : batch.x());
        out.put("y", layout == Layout.ROWS ? batch.y().transpose() : batch.y());
        out.putAll(OperationArrays.ofBatch(plan, batch, layout));
        return out;
    }

    /** The entries written as 1-D arrays: b_k, γ_k, β_k in the rows layout, none in the lecture's. */
    public static Set<String> vectors(Plan plan, Layout layout) {
        Set<String> out = new HashSet<>();
        if (layout == Layout.ROWS) {
            plan.parameters().stream().filter(q -> q.kind() == Quantity.Kind.BIAS).forEach(q -> out.add(q.npzKey()));
            out.addAll(OperationArrays.vectors(plan));
        }
        return out;
    }

    /** The entries written as 0-D scalars: batch norm's eps_k and dropout's p_k. */
    public static Set<String> scalars(Plan plan) {
        return new HashSet<>(OperationArrays.scalars(plan));
    }

    /** Writes the problem atomically, with {@link #vectors} 1-D and {@link #scalars} 0-D. */
    public static void write(Path file, Plan plan, Parameters theta, Batch batch, Layout layout) throws IOException {
        Npz.write(file, arrays(plan, theta, batch, layout), vectors(plan, layout), scalars(plan));
    }

    /**
     * Reads a problem for {@code plan}: W1, b1, …, WL, bL, x and y (and γ_k, β_k, m_k where the plan has batch norm
     * or dropout), all present and finite; the layout is the one every shape of W_k, b_k, x, y fits (the lecture's
     * when both do); the operations' arrays are checked in it ({@link OperationArrays}).
     */
    public static Problem read(Path file, Plan plan) throws IOException, InvalidProblemException {
        Map<String, Matrix> arrays = Npz.read(file);
        List<String> missing = new ArrayList<>();
        for (Quantity q : plan.parameters()) {
            if (!arrays.containsKey(q.npzKey())) missing.add(q.npzKey());
        }
        for (String name : List.of("x", "y")) {
            if (!arrays.containsKey(name)) missing.add(name);
        }
        for (String name : OperationArrays.required(plan)) {
            if (!arrays.containsKey(name)) missing.add(name);
        }
        if (!missing.isEmpty()) {
            throw new InvalidProblemException(file + ": no array " + String.join(", ", missing)
                    + " (a problem holds W1, b1, …, WL, bL, x, y" + (plan.couplesExamples()
                    ? ", γ_k, β_k and dropout's masks m_k" : "") + ": make one with netgrad problem)");
        }
        for (Map.Entry<String, Matrix> e : arrays.entrySet()) {
            for (double v : e.getValue().data) {
                if (!Double.isFinite(v)) {
                    throw new InvalidProblemException(file + ": '" + e.getKey() + "' holds " + v + ", not a finite number");
                }
            }
        }
        Layout layout = fits(arrays, plan, Layout.LECTURE) ? Layout.LECTURE : fits(arrays, plan, Layout.ROWS) ? Layout.ROWS : null;
        if (layout == null) {
            throw new InvalidProblemException(file + ": the shapes of W1 " + arrays.get("W1").shape() + " and x "
                    + arrays.get("x").shape() + " fit neither the lecture layout nor the rows layout of " + plan.name());
        }
        Parameters theta = Parameters.zeros(plan);
        for (int k = 1; k <= plan.depth(); k++) {
            Matrix w = arrays.get(Quantity.W(k).npzKey());
            copy(layout == Layout.ROWS ? w.transpose() : w, theta.W(k));
            Matrix b = arrays.get(Quantity.b(k).npzKey());
            copy(b.rows == 1 && b.cols > 1 ? b.transpose() : b, theta.b(k));
        }
        Matrix x = layout == Layout.ROWS ? arrays.get("x").transpose() : arrays.get("x");
        Matrix y = layout == Layout.ROWS ? arrays.get("y").transpose() : arrays.get("y");
        Masks masks = OperationArrays.read(file, plan, arrays, layout, x.cols, theta);
        return new Problem(theta, batch(file, plan, x, y).withMasks(masks), layout);
    }

    private static boolean fits(Map<String, Matrix> arrays, Plan plan, Layout layout) {
        boolean rows = layout == Layout.ROWS;
        for (int k = 1; k <= plan.depth(); k++) {
            Matrix w = arrays.get(Quantity.W(k).npzKey());
            Matrix b = arrays.get(Quantity.b(k).npzKey());
            int r = rows ? plan.units(k - 1) : plan.units(k);
            int c = rows ? plan.units(k) : plan.units(k - 1);
            if (w.rows != r || w.cols != c || b.size() != plan.units(k) || (b.rows != 1 && b.cols != 1)) {
                return false;
            }
        }
        Matrix x = arrays.get("x");
        Matrix y = arrays.get("y");
        int n0 = plan.inputSize();
        int nL = plan.units(plan.depth());
        int examples = rows ? x.rows : x.cols;
        return (rows ? x.cols == n0 && y.rows == examples && y.cols == nL
                : x.rows == n0 && y.cols == examples && y.rows == nL) && examples >= 1;
    }

    private static Batch batch(Path file, Plan plan, Matrix x, Matrix y) throws InvalidProblemException {
        if (plan.output().function() != OutputFunction.SOFTMAX) {
            return new Batch(x, y, null);
        }
        int[] labels = new int[y.cols];
        for (int j = 0; j < y.cols; j++) {
            int ones = 0;
            for (int i = 0; i < y.rows; i++) {
                double v = y.get(i, j);
                if (v == 1.0) {
                    ones++;
                    labels[j] = i;
                } else if (v != 0.0) {
                    ones = -1;
                    break;
                }
            }
            if (ones != 1) {
                throw new InvalidProblemException(file + ": y's example " + j + " is not one-hot (a softmax output needs e(y))");
            }
        }
        return Batch.classification(x, labels, y.rows);
    }

    private static void copy(Matrix from, Matrix to) {
        System.arraycopy(from.data, 0, to.data, 0, to.size());
    }
}
