package netgrad.train;

/**
 * One epoch's figures. Training loss and accuracy are running means over the epoch's minibatches (each measured
 * before its own update, as Keras reports them); validation figures are a full pass after the epoch.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double seconds, long examples) {
    public double examplesPerSecond() {
        return examples / seconds;
    }
}
