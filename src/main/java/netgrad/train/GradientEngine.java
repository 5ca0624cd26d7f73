package netgrad.train;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

/**
 * Computes the batch loss and ∇W_k, ∇b_k into a workspace's gradient buffers, from the batch in its input,
 * label and target buffers. Either engine also leaves ŷ in the workspace (for accuracy).
 */
@FunctionalInterface
public interface GradientEngine {
    double lossAndGradients(Plan plan, Parameters theta, BackpropWorkspace ws);

    /** The hand-derived backprop of lecture 4, allocation-free. */
    GradientEngine BACKPROP = (plan, theta, ws) -> {
        double loss = ws.forward(theta);
        ws.backward(theta);
        return loss;
    };

    /**
     * Reverse-mode autodiff on the tape of elementary ops ({@link Recorder}); records a new tape every step, so it is
     * much slower. The loss and gradients are the tape's; the workspace's forward pass only supplies ŷ.
     */
    GradientEngine TAPE = (plan, theta, ws) -> {
        ws.forward(theta);
        Batch batch = new Batch(ws.input(), ws.targets(), ws.labels());
        Recording recording = Recorder.record(plan, theta, batch);
        Gradients g = recording.gradients();
        for (int k = 1; k <= plan.depth(); k++) {
            copy(g.W(k), ws.gradW(k));
            copy(g.b(k), ws.gradB(k));
        }
        return recording.lossValue();
    };

    private static void copy(Matrix from, Matrix to) {
        System.arraycopy(from.data, 0, to.data, 0, to.size());
    }
}
