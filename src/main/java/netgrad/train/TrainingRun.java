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
 * part with the validation part evaluated after every epoch; which epoch's θ the run keeps is a {@link KeptEpoch}
 * (the best validation accuracy, or the last). After every epoch curves.csv is rewritten, and weights.npz whenever
 * the kept epoch changes (so an interrupted run keeps its curves and the weights it would have kept so far); at the
 * end θ is set to the kept epoch's (also after a divergence, among the epochs that completed) and the final curves,
 * the loss and accuracy plots and the weights are written. Then, for a run that completed, the test set is evaluated
 * and the confusion plot written. A failed write does not stop the training: the epochs run on, and the failure is
 * thrown as an {@link IOException} once they are done.
 */
public final class TrainingRun {
    private final Plan plan;
    private final Path dir;
    private final Trainer trainer;
    private final KeptEpoch.Keep keep;

    /**
     * What training produced, the epoch whose θ was kept (null: the initial θ, a run that diverged in its first
     * epoch) and how long it took (seconds, without the writing at the end).
     */
    public record Trained(Trainer.Result result, EpochResult kept, double seconds) {
        /** The kept epoch's number, 0 for the initial θ. */
        public int keptEpoch() {
            return kept == null ? 0 : kept.epoch();
        }
    }

    /**
     * @param stepThreads threads each taking a part of every batch ({@link StepRunner})
     * @param products    threads each matrix product may use
     * @param keep        which epoch's θ to keep ({@link KeptEpoch.Keep#BEST} needs a validation set)
     */
    public TrainingRun(Plan plan, Training training, long seed, GradientEngine engine, int stepThreads,
                       Parallelism products, Path dir, KeptEpoch.Keep keep) {
        this(plan, training, seed, engine, stepThreads, products, Precision.FLOAT64, dir, keep);
    }

    /** The same with steps in {@code precision} (float32: see {@link Trainer}); the saved weights stay float64. */
    public TrainingRun(Plan plan, Training training, long seed, GradientEngine engine, int stepThreads,
                       Parallelism products, Precision precision, Path dir, KeptEpoch.Keep keep) {
        this.plan = plan;
        this.dir = dir;
        this.trainer = new Trainer(plan, training, seed, engine, stepThreads, products, precision);
        this.keep = keep;
    }

    /** The run directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Trains θ in place on {@code parts} (rest: training, held: validation), telling {@code progress} of every step
     * and epoch, and writes the run directory, which it creates first (with its parents: a run directory is
     * train's own); leaves θ at the kept epoch's values; throws the last failed write after training.
     */
    public Trained train(Parameters theta, DataSet.Split parts, TrainingListener progress) throws IOException {
        if (keep == KeptEpoch.Keep.BEST && parts.held().count() == 0) {
            throw new IllegalArgumentException("keeping the best epoch needs a validation set");
        }
        java.nio.file.Files.createDirectories(dir);
        EpochWriter writer = new EpochWriter(theta, progress, new KeptEpoch(keep, theta));
        long start = System.nanoTime();
        Trainer.Result result = trainer.train(theta, parts.rest(), parts.held(), writer);
        double seconds = (System.nanoTime() - start) / 1e9;
        writer.kept.restore(theta);
        if (writer.failure != null) {
            throw writer.failure;
        }
        RunOutputs.writeCurves(dir, result.history());
        RunOutputs.writePlots(dir, plan.name(), result.history());
        RunOutputs.writeWeights(dir, theta, writer.kept.epoch());
        return new Trained(result, writer.kept.kept(), seconds);
    }

    /** Loss, accuracy and confusion matrix of θ on the test set. */
    public Evaluation evaluate(Parameters theta, DataSet test) {
        return trainer.evaluate(theta, test);
    }

    /** Writes the confusion plot of {@code test} into the run directory. */
    public void writeConfusion(Evaluation test) throws IOException {
        RunOutputs.writeConfusion(dir, plan.name(), test);
    }

    /**
     * Passes steps and epochs on to the progress display, offers each epoch's θ to the kept epoch, and rewrites the
     * curves after every epoch and the weights when the kept epoch changes.
     */
    private final class EpochWriter implements TrainingListener {
        private final Parameters theta;
        private final TrainingListener progress;
        private final KeptEpoch kept;
        private final List<EpochResult> soFar = new ArrayList<>();
        private IOException failure;

        EpochWriter(Parameters theta, TrainingListener progress, KeptEpoch kept) {
            this.theta = theta;
            this.progress = progress;
            this.kept = kept;
        }

        @Override
        public void step(int epoch, long examples, long total, double runningLoss) {
            progress.step(epoch, examples, total, runningLoss);
        }

        @Override
        public void annealed(int epoch, double loss, double previous, double eta) {
            progress.annealed(epoch, loss, previous, eta);
        }

        @Override
        public void epoch(EpochResult r) {
            progress.epoch(r);
            soFar.add(r);
            boolean newlyKept = kept.offer(r, theta);
            try {
                RunOutputs.writeCurves(dir, soFar);
                if (newlyKept) {
                    RunOutputs.writeWeights(dir, theta, r.epoch());
                }
            } catch (IOException e) {
                failure = e; // training goes on; the last failure is thrown when it is done
            }
        }
    }
}
