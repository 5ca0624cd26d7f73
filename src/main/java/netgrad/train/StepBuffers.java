package netgrad.train;

import java.util.Arrays;

import netgrad.backprop.ForwardPass;
import netgrad.data.DataSet;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Masks;
import netgrad.model.Gradients;
import netgrad.plan.Plan;

/**
 * Everything one thread needs for its part of a training step of B examples, allocated once and reused:
 * the batch x (n_0 × B), labels and one-hot targets y = [e(label_1) … e(label_B)] (n_L × B), the
 * {@link ForwardPass} buffers (a_k, h_k, ŷ) and the {@link Gradients} buffers (∇W_k, ∇b_k, ∇a_k, ∇h_k) that
 * {@link netgrad.backprop.Backprop} writes into.
 */
final class StepBuffers {
    final Matrix x;
    final Matrix y;
    final int[] labels;
    private final int[] offsets;   // fillBatch's scratch: where each example's pixels start
    final Batch batch;
    final ForwardPass pass;
    final Gradients gradients;
    private final int depth;

    StepBuffers(Plan plan, int batchSize) {
        depth = plan.depth();
        x = new Matrix(plan.inputSize(), batchSize);
        y = new Matrix(plan.units(depth), batchSize);
        labels = new int[batchSize];
        offsets = new int[batchSize];
        batch = new Batch(x, y, labels, Masks.allocate(plan, batchSize));   // all ones until redrawn
        pass = ForwardPass.allocate(plan, batchSize);
        gradients = Gradients.zeros(plan, batchSize);
    }

    /** B. */
    int batchSize() {
        return labels.length;
    }

    /** Loads examples order[from..from+B) of {@code data} into x and labels, and y = [e(label_1) … e(label_B)]. */
    void fill(DataSet data, int[] order, int from) {
        data.fillBatch(order, from, x, labels, offsets);
        Arrays.fill(y.data, 0.0);
        int b = labels.length;
        for (int j = 0; j < b; j++) {
            y.data[labels[j] * b + j] = 1.0;
        }
    }

    /** Examples whose arg max ŷ (of the last forward pass) is their label. */
    int correct() {
        int n = 0;
        for (int j = 0; j < labels.length; j++) {
            if (pass.predicted(j) == labels[j]) n++;
        }
        return n;
    }

    /** The first layer k (1..L) whose a_k has a non-finite entry, or 0 when all are finite. */
    int firstNonFiniteActivation() {
        for (int k = 1; k <= depth; k++) {
            if (!Finite.all(pass.a(k))) return k;
        }
        return 0;
    }

    /** The first layer k (1..L) whose ∇W_k or ∇b_k has a non-finite entry, or 0 when all are finite. */
    int firstNonFiniteGradient() {
        for (int k = 1; k <= depth; k++) {
            if (!Finite.all(gradients.W(k)) || !Finite.all(gradients.b(k))) return k;
        }
        return 0;
    }
}
