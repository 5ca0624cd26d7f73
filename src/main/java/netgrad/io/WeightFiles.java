package netgrad.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import netgrad.linalg.Matrix;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * A student's W_k and b_k in NumPy's {@code .npz} format ({@code verify --weights}, {@code explain --weights},
 * {@code graph --weights}); {@code netgrad.check.GradientDump} writes the files it reads back.
 */
public final class WeightFiles {
    private WeightFiles() {}

    /**
     * The entry of a train run's weights.npz that gives the epoch its θ is from (shape (1,); 0 for the initial θ).
     * Not a parameter: readers of θ accept and skip it.
     */
    public static final String EPOCH = "epoch";

    /** Bad content of a weights file: a missing, unknown or misshapen entry, or a non-finite value. */
    public static final class InvalidWeightsException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidWeightsException(String message) {
            super(message);
        }
    }

    /**
     * Reads W1, b1, …, WL, bL from {@code file}: every name must be present with the plan's shape (b_k as n_k × 1 or
     * a 1-D array of n_k), no other name may appear (except the x, y and engine gradients a {@code --dump} file
     * holds, so a dump can be read back), every value must be finite.
     */
    public static Parameters load(Path file, Plan plan) throws IOException, InvalidWeightsException {
        Map<String, Matrix> arrays = Npz.read(file);
        Parameters theta = Parameters.zeros(plan);
        Map<String, Matrix> running = theta.runningStatistics();   // read when present (a train run's weights.npz)
        for (Map.Entry<String, Matrix> e : running.entrySet()) {
            Matrix given = arrays.get(e.getKey());
            if (given != null) {
                readRunning(file, e.getKey(), given, e.getValue());
            }
        }
        for (String name : arrays.keySet()) {
            if (Quantity.parameter(name, plan) == null && !writtenByDump(name) && !running.containsKey(name)
                    && !name.equals(EPOCH)) {
                throw new InvalidWeightsException(file + ": unexpected array '" + name + "' (a network of " + plan.depth()
                        + " layers has " + String.join(", ", plan.parameters().stream().map(Quantity::npzKey).toList()) + ")");
            }
        }
        for (Quantity q : plan.parameters()) {
            String name = q.npzKey();
            Matrix given = arrays.get(name);
            Matrix target = theta.get(q);
            if (given == null) {
                throw new InvalidWeightsException(file + ": no array '" + name + "' (expected shape " + target.shape() + ")");
            }
            if (!given.sameShape(target)) {
                throw new InvalidWeightsException(file + ": '" + name + "' has shape " + given.shape() + " but the network needs "
                        + target.shape());
            }
            for (int i = 0; i < given.size(); i++) {
                if (!Double.isFinite(given.data[i])) {
                    throw new InvalidWeightsException(file + ": '" + name + "' entry [" + i / given.cols + "," + i % given.cols
                            + "] is " + given.data[i] + ", not a finite number");
                }
            }
            System.arraycopy(given.data, 0, target.data, 0, given.size());
        }
        return theta;
    }

    /**
     * Batch norm's running mean or variance of a layer: n_k values (a column, a row or 1-D), finite, a variance
     * not negative; copied into {@code target} (n_k × 1).
     */
    private static void readRunning(Path file, String name, Matrix given, Matrix target) throws InvalidWeightsException {
        if (given.size() != target.size() || (given.rows != 1 && given.cols != 1)) {
            throw new InvalidWeightsException(file + ": '" + name + "' has shape " + given.shape() + " but batch norm's "
                    + "running statistics of that layer are " + target.shape() + " (one per unit)");
        }
        for (int i = 0; i < given.size(); i++) {
            double v = given.data[i];
            if (!Double.isFinite(v) || (name.startsWith("running_var") && v < 0)) {
                throw new InvalidWeightsException(file + ": '" + name + "' entry " + i + " is " + v + ", not "
                        + (Double.isFinite(v) ? "a variance (≥ 0)" : "a finite number"));
            }
        }
        System.arraycopy(given.data, 0, target.data, 0, given.size());
    }

    /** x, y and an engine's gradient ({@code backprop_W1}, {@code tape_a2}, {@code fd_h1}, …), as a dump writes them. */
    private static boolean writtenByDump(String name) {
        if (name.equals("x") || name.equals("y") || name.matches("m[1-9][0-9]{0,8}")) {
            return true;
        }
        for (String engine : DUMPED_ENGINES) {
            if (name.startsWith(engine + "_")) {
                Quantity q = Quantity.parse(name.substring(engine.length() + 1));
                return q != null && q.npzKey(engine).equals(name);
            }
        }
        return false;
    }

    /** The .npz entry of dropout's mask m_k in a dump: {@code m2}. */
    public static String maskKey(int k) {
        return "m" + k;
    }

    /** The engines whose gradients a dump holds, each entry named {@link Quantity#npzKey(String)}. */
    private static final java.util.List<String> DUMPED_ENGINES = java.util.List.of("backprop", "tape", "fd");

    /** θ as .npz entries: W1, b1, W2, b2, … ({@link Quantity#npzKey()}), the live matrices. */
    public static Map<String, Matrix> entries(Parameters theta) {
        Map<String, Matrix> out = new java.util.LinkedHashMap<>();
        theta.toMap().forEach((q, m) -> out.put(q.npzKey(), m));
        out.putAll(theta.runningStatistics());      // batch norm's evaluation-mode μ̄_k, σ̄²_k
        return out;
    }
}
