package netgrad.train;

/**
 * Where training first produced a non-finite number.
 *
 * @param epoch    1-based epoch
 * @param step     1-based step within the epoch
 * @param layer    the first layer k whose activations (for a non-finite loss) or gradients are not finite;
 *                 L when only the loss itself is (e.g. log 0)
 * @param quantity what was not finite: "loss" or "gradient"
 */
public record Divergence(int epoch, int step, int layer, String quantity, double learningRate) {
    public String message() {
        return String.format("training diverged: the %s became non-finite at epoch %d, step %d, first in layer %d;"
                + " try a smaller learning rate than %s", quantity, epoch, step, layer, learningRate);
    }
}
