package netgrad.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import netgrad.data.DataSet;
import netgrad.linalg.Parallelism;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * One whole training run into a run directory, as {@code netgrad train} does it: {@link Trainer} on the training
 * part with the validation part evaluated after every epoch; after every epoch curves.csv and weights.npz are
 * rewritten (so an interrupted run keeps its curves and latest weights); at the end the final curves, the loss and
 * accuracy plots and the weights (the last good ones if the run diverged). Then, for a run that completed, the test
 * set is evaluated and the confusion plot written. A failed write does not stop the training: the epochs run on, and
 * the failure is thrown as an {@link IOException} once they are done.
 */
public final class TrainingRun {
    private final Plan plan;
    private final Path dir;
    private final Trainer trainer;

    /** What training produced and how long it took (seconds, without the writing at the end). */
    public record Trained(Trainer.Result result, double seconds) {}

    /**
     * @param stepThreads threads each taking a part of every batch ({@link StepRunner})
     * @param products    threads each matrix product may use
     */
    public TrainingRun(Plan plan, Training training, long seed, GradientEngine engine, int stepThreads,
                       Parallelism products, Path dir) {
        this(plan, training, seed, engine, stepThreads, products, Precision.FLOAT64, dir);
    }

    /** The same with steps in {@code precision} (float32: see {@link Trainer}); the saved weights stay float64. */
    public TrainingRun(Plan plan, Training training, long seed, GradientEngine engine, int stepThreads,
                       Parallelism products, Precision precision, Path dir) {
        this.plan = plan;
        this.dir = dir;
        this.trainer = new Trainer(plan, training, seed, engine, stepThreads, products, precision);
    }

    /** The run directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Trains θ in place on {@code parts} (rest: training, held: validation), telling {@code progress} of every step
     * and epoch, and writes the run directory, which it creates first (with its parents: a run directory is
     * train's own); throws the last failed write after training.
     */
    public Trained train(Parameters theta, DataSet.Split parts, TrainingListener progress) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        EpochWriter writer = new EpochWriter(theta, progress);
        long start = System.nanoTime();
        Trainer.Result result = trainer.train(theta, parts.rest(), parts.held(), writer);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (writer.failure != null) {
            throw writer.failure;
        }
        RunOutputs.writeCurves(dir, result.history());
        RunOutputs.writePlots(dir, plan.name(), result.history());
        RunOutputs.writeWeights(dir, theta);
        return new Trained(result, seconds);
    }

    /** Loss, accuracy and confusion matrix of θ on the test set. */
    public Evaluation evaluate(Parameters theta, DataSet test) {
        return trainer.evaluate(theta, test);
    }

    /** Writes the confusion plot of {@code test} into the run directory. */
    public void writeConfusion(Evaluation test) throws IOException {
        RunOutputs.writeConfusion(dir, plan.name(), test);
    }

    /** Passes steps and epochs on to the progress display, and rewrites curves and weights after every epoch. */
    private final class EpochWriter implements TrainingListener {
        private final Parameters theta;
        private final TrainingListener progress;
        private final List<EpochResult> soFar = new ArrayList<>();
        private IOException failure;

        EpochWriter(Parameters theta, TrainingListener progress) {
            this.theta = theta;
            this.progress = progress;
        }

        @Override
        public void step(int epoch, long examples, long total, double runningLoss) {
            progress.step(epoch, examples, total, runningLoss);
        }

        @Override
        public void epoch(EpochResult r) {
            progress.epoch(r);
            soFar.add(r);
            try {
                RunOutputs.writeCurves(dir, soFar);
                RunOutputs.writeWeights(dir, theta);
            } catch (IOException e) {
                failure = e; // training goes on; the last failure is thrown when it is done
            }
        }
    }
}
