package netgrad.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;

/**
 * verify's files in NumPy's {@code .npz} format: {@code --weights} reads a student's W_k and b_k;
 * {@code --dump} writes everything a student needs to compare their own implementation.
 */
public final class WeightFiles {
    private WeightFiles() {}

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
        for (String name : arrays.keySet()) {
            if (theta.get(name) == null && !writtenByDump(name)) {
                throw new InvalidWeightsException(file + ": unexpected array '" + name + "' (a network of " + plan.depth()
                        + " layers has " + String.join(", ", plan.parameterNames()) + ")");
            }
        }
        for (String name : plan.parameterNames()) {
            Matrix given = arrays.get(name);
            Matrix target = theta.get(name);
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

    private static boolean writtenByDump(String name) {
        return name.equals("x") || name.equals("y") || name.matches("(backprop|tape|fd)_[Wbah]\\d+");
    }

    /**
     * Writes W_k, b_k, x, y and every gradient of each engine: {@code backprop_W1}, {@code tape_W1}, {@code fd_W1}, …
     * including the intermediates a_k, h_k (n_k × B, examples as columns, as in the lecture). Finite differences
     * are computed here for every entry (full mode), whatever mode the report ran in.
     */
    public static void dump(Path file, Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape,
                            double step) throws IOException {
        Map<String, Matrix> out = new LinkedHashMap<>(theta.byName());
        out.put("x", batch.x());
        out.put("y", batch.y());
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, step);
        for (Step s : Step.backwardOrder(plan)) {
            String name = s.quantity();
            putIfPresent(out, "backprop_" + name, backprop.gradients().get(name));
            putIfPresent(out, "tape_" + name, tape.gradients().get(name));
            int[] shape = fd.shape(name);
            Matrix estimate = new Matrix(shape[0], shape[1]);
            for (int i = 0; i < estimate.size(); i++) {
                estimate.data[i] = fd.entry(name, i).value();
            }
            out.put("fd_" + name, estimate);
        }
        Npz.write(file, out);
    }

    private static void putIfPresent(Map<String, Matrix> out, String name, Matrix m) {
        if (m != null) {
            out.put(name, m);
        }
    }
}
