package netgrad.train;

/** Receives progress while training (a progress bar, log lines, tests). */
public interface TrainingListener {
    /** After each step: {@code examples} of {@code total} seen in this epoch; {@code runningLoss} is their mean loss. */
    default void step(int epoch, long examples, long total, double runningLoss) {}

    /** After each epoch. */
    default void epoch(EpochResult result) {}

    /**
     * After {@code epoch}, whose validation loss {@code loss} is higher than {@code previous}, the epoch before's, when
     * the run anneals: the epochs that follow use η = {@code eta}, half the η before.
     */
    default void annealed(int epoch, double loss, double previous, double eta) {}

    TrainingListener NONE = new TrainingListener() {};
}
