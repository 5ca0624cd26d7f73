package netgrad.train;

/** Receives progress while training (a progress bar, log lines, tests). */
public interface TrainingListener {
    /** After each step: {@code examples} of {@code total} seen in this epoch; {@code runningLoss} is their mean loss. */
    default void step(int epoch, long examples, long total, double runningLoss) {}

    /** After each epoch. */
    default void epoch(EpochResult result) {}

    TrainingListener NONE = new TrainingListener() {};
}
