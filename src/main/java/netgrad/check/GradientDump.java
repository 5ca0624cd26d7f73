package netgrad.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import netgrad.fd.FiniteDifferences;
import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/** {@code verify --dump}: everything a student needs to compare their own implementation, as a NumPy {@code .npz}. */
public final class GradientDump {
    /** The prefix of the finite differences' entries: {@code fd_W1}, … (the engines name theirs: backprop, tape). */
    public static final String FD = "fd";

    private GradientDump() {}

    /**
     * Writes W_k, b_k (γ_k, β_k and batch norm's running statistics), x, y, dropout's masks m_k, and every gradient of each engine: {@code backprop_W1}, {@code tape_W1}, {@code fd_W1}, …
     * including the intermediates a_k, h_k (n_k × B, examples as columns, as in the lecture). Finite differences
     * are computed here for every entry (full mode), whatever mode the report ran in.
     */
    public static void dump(Path file, Plan plan, Parameters theta, Batch batch, EngineResult backprop, EngineResult tape,
                            double step) throws IOException {
        Map<String, Matrix> out = new LinkedHashMap<>(WeightFiles.entries(theta));
        out.put("x", batch.x());
        out.put("y", batch.y());
        for (int k = 1; k < plan.depth(); k++) {
            putIfPresent(out, WeightFiles.maskKey(k), batch.masks().mask(k));   // dropout's m_k of this batch
        }
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, step);
        for (Step s : Step.backwardOrder(plan)) {
            Quantity q = s.quantity();
            putIfPresent(out, q.npzKey(backprop.engine()), backprop.gradients().get(q));
            putIfPresent(out, q.npzKey(tape.engine()), tape.gradients().get(q));
            Matrix estimate = new Matrix(q.rows(plan, batch.size()), q.cols(plan, batch.size()));
            for (int i = 0; i < estimate.size(); i++) {
                estimate.data[i] = fd.entry(q, i).value();
            }
            out.put(q.npzKey(GradientDump.FD), estimate);
        }
        Npz.write(file, out);
    }

    private static void putIfPresent(Map<String, Matrix> out, String name, Matrix m) {
        if (m != null) {
            out.put(name, m);
        }
    }
}
