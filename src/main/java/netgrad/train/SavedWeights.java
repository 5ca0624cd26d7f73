package netgrad.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The weights a training run saved ({@link RunOutputs#WEIGHTS}: W1, b1, …, batch norm's running statistics and the
 * epoch they are from, in an .npz file), read back for a plan.
 */
public final class SavedWeights {
    private SavedWeights() {}

    /** The file is a valid .npz but does not fit the plan: an entry is missing or extra, or has another shape. */
    public static final class MismatchException extends Exception {
        MismatchException(String message) {
            super(message);
        }
    }

    /**
     * θ for {@code plan} from {@code file}; a bias may be stored as a vector of any orientation.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws netgrad.io.NpzFormatException     if it is not a valid .npz file of numeric arrays
     */
    public static Parameters read(Path file, Plan plan) throws IOException, MismatchException {
        return load(file, plan).theta();
    }

    /** θ read back, and the epoch of its training run it is from (empty when the file has no {@code epoch} entry). */
    public record Loaded(Parameters theta, OptionalInt epoch) {}

    /** As {@link #read}, with the {@link WeightFiles#EPOCH} entry train writes beside θ. */
    public static Loaded load(Path file, Plan plan) throws IOException, MismatchException {
        Parameters theta = Parameters.zeros(plan);
        Map<String, Matrix> arrays = Npz.read(file);
        String problem = fill(theta, arrays, plan);
        if (problem != null) {
            throw new MismatchException(problem);
        }
        Matrix epoch = arrays.get(WeightFiles.EPOCH);
        if (epoch == null) {
            return new Loaded(theta, OptionalInt.empty());
        }
        double e = epoch.size() == 1 ? epoch.data[0] : -1;
        if (!(e >= 0 && e <= Integer.MAX_VALUE && e == Math.rint(e))) {
            throw new MismatchException("entry " + WeightFiles.EPOCH + " should be one whole number 0 or more (the "
                    + "epoch of the weights), not " + (epoch.size() == 1 ? Double.toString(e) : "shape " + epoch.shape()));
        }
        return new Loaded(theta, OptionalInt.of((int) e));
    }

    /** Copies W1, b1, … into θ; returns what is wrong (a missing or extra entry, a shape) or null. */
    static String fill(Parameters theta, Map<String, Matrix> arrays, Plan plan) {
        for (Quantity q : plan.parameters()) {
            String name = q.npzKey();
            Matrix target = theta.get(q);
            Matrix given = arrays.get(name);
            if (given == null) {
                return "no entry " + name + " for " + plan.name() + " (it has " + arrays.keySet() + ")";
            }
            if (given.size() != target.size() || (given.rows != target.rows && !(target.cols == 1 && given.cols == 1))) {
                return name + " has shape " + given.shape() + " but " + plan.name() + " needs " + target.shape();
            }
            System.arraycopy(given.data, 0, target.data, 0, target.size());
        }
        Map<String, Matrix> running = theta.runningStatistics();   // batch norm's μ̄_k, σ̄²_k: evaluation needs them
        for (Map.Entry<String, Matrix> e : running.entrySet()) {
            Matrix given = arrays.get(e.getKey());
            if (given == null) {
                return "no entry " + e.getKey() + " (batch norm's running statistics) for " + plan.name();
            }
            if (given.size() != e.getValue().size()) {
                return e.getKey() + " has shape " + given.shape() + " but " + plan.name() + " needs " + e.getValue().shape();
            }
            System.arraycopy(given.data, 0, e.getValue().data, 0, given.size());
        }
        for (String name : arrays.keySet()) {
            if (Quantity.parameter(name, plan) == null && !running.containsKey(name) && !name.equals(WeightFiles.EPOCH)) {
                return "entry " + name + " is not a parameter of " + plan.name() + " (" + plan.parameters() + ")";
            }
        }
        return null;
    }
}
