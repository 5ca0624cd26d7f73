package netgrad.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.fd.FiniteDifferences;
import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;

/** {@code verify --dump}: everything a student needs to compare their own implementation, as a NumPy {@code .npz}. */
public final class GradientDump {
    private GradientDump() {}

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
