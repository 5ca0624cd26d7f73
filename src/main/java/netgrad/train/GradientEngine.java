package netgrad.train;

import netgrad.model.Parameters;
import netgrad.plan.Plan;

/**
 * Computes the batch loss and ∇W_k, ∇b_k into a workspace's gradient buffers, from the batch in its input,
 * label and target buffers.
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
}
