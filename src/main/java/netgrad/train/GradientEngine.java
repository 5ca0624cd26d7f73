package netgrad.train;

import netgrad.backprop.Backprop;
import netgrad.linalg.Matrix;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

/**
 * Which engine computes a training step's batch loss and ∇W_k, ∇b_k, into a thread's {@link StepBuffers} from the
 * batch in them. Either engine also leaves the forward pass (ŷ, for accuracy) in the buffers.
 */
public enum GradientEngine {
    /** The hand-derived backprop of lecture 4 that {@code verify} checks, {@link Backprop}, without allocating. */
    BACKPROP {
        @Override
        double lossAndGradients(Backprop backprop, Parameters theta, StepBuffers s) {
            backprop.forward(theta, s.x, s.batch.masks(), s.pass);              // forward_propagation
            double loss = backprop.loss(s.pass, theta, s.batch);
            backprop.backward(s.pass, theta, s.batch, s.gradients);             // back_propagation
            return loss;
        }
    },

    /**
     * Reverse-mode autodiff on the tape of elementary ops ({@link Recorder}); records a new tape every step, so it is
     * much slower. The loss and gradients are the tape's; backprop's forward pass only supplies ŷ.
     */
    TAPE {
        @Override
        double lossAndGradients(Backprop backprop, Parameters theta, StepBuffers s) {
            backprop.forward(theta, s.x, s.batch.masks(), s.pass);
            Recording recording = Recorder.record(backprop.plan(), theta, s.batch, backprop.products());
            Gradients g = recording.gradients();
            for (int k = 1; k <= backprop.plan().depth(); k++) {
                copy(g.W(k), s.gradients.W(k));
                copy(g.b(k), s.gradients.b(k));
                if (backprop.plan().batchNorm(k)) {
                    copy(g.gamma(k), s.gradients.gamma(k));
                    copy(g.beta(k), s.gradients.beta(k));
                }
            }
            return recording.lossValue();
        }
    };

    abstract double lossAndGradients(Backprop backprop, Parameters theta, StepBuffers s);

    private static void copy(Matrix from, Matrix to) {
        System.arraycopy(from.data, 0, to.data, 0, to.size());
    }
}
