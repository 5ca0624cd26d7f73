package netgrad.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import netgrad.backprop.Backprop;
import netgrad.data.DataSet;
import netgrad.linalg.Parallelism;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * Lecture 4's learning algorithm with minibatches: initialise θ, then for every epoch shuffle the training set
 * (seeded) and for each batch of B examples do forward propagation, back propagation (by default {@link Backprop},
 * the code {@code verify} checks) and the optimizer's update θ ← θ − η·(rule)(∇θ). A last, smaller batch covers the remainder. After each epoch the validation set is
 * evaluated. A non-finite loss or gradient stops the run (see {@link Divergence}); θ is then set back to its value
 * at the end of the last complete epoch, the last weights evaluated as finite. With {@code anneal true} in the
 * training block (the course assignment's {@code --anneal}), η ← η/2 after every epoch whose validation loss is higher than the epoch before's;
 * that epoch's θ is kept (not trained again), the rule's state too. Each step can be split over several threads
 * ({@link StepRunner}); for a fixed thread count a seed fixes the run bit for bit.
 */
public final class Trainer {
    /** Examples per forward pass when evaluating. */
    static final int EVAL_BATCH = 500;
    /** Mixed into the run's seed for dropout's masks, so they do not repeat the shuffle's random stream. */
    private static final long MASK_SEED = 0x6d61736b73L;

    private final Plan plan;
    private final Training training;
    private final long seed;
    private final GradientEngine engine;
    private final int threads;
    private final Backprop backprop;
    private final Precision precision;
    private StepBuffers evalFull;
    private StepBuffers evalTail;

    /** What a run produced: the per-epoch history, and the divergence or null when it completed. */
    public record Result(List<EpochResult> history, Divergence divergence) {
        public boolean diverged() {
            return divergence != null;
        }
    }

    /**
     * @param threads threads per step, each taking a part of the batch, ≥ 1
     * @param products threads each matrix product of a step or an evaluation may use (results do not depend on it)
     */
    public Trainer(Plan plan, Training training, long seed, GradientEngine engine, int threads, Parallelism products) {
        this(plan, training, seed, engine, threads, products, Precision.FLOAT64);
    }

    /**
     * A trainer whose steps run in {@code precision}; float32 ({@link Float32Steps}) rounds θ to float32 and keeps it
     * there, and refuses what it does not support ({@link Precision#refusal}: IllegalArgumentException).
     */
    public Trainer(Plan plan, Training training, long seed, GradientEngine engine, int threads, Parallelism products,
                   Precision precision) {
        String refusal = precision.refusal(plan, engine);
        if (refusal != null) throw new IllegalArgumentException(refusal);
        this.precision = precision;
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        if (threads > 1 && plan.couplesExamples()) {
            throw new IllegalArgumentException("batch norm and dropout train on one thread per step (the batch "
                    + "statistics are the whole batch's); use --threads 1");
        }
        this.plan = plan;
        this.training = training;
        this.seed = seed;
        this.engine = engine;
        this.threads = threads;
        this.backprop = new Backprop(plan, products);
    }

    /** A trainer whose matrix products use {@link Parallelism#DEFAULT}. */
    public Trainer(Plan plan, Training training, long seed, GradientEngine engine, int threads) {
        this(plan, training, seed, engine, threads, Parallelism.DEFAULT);
    }

    public Trainer(Plan plan, Training training, long seed) {
        this(plan, training, seed, GradientEngine.BACKPROP, 1);
    }

    /** Threads computing each step's gradients (1: the calling thread only). */
    public int threads() {
        return threads;
    }

    /**
     * Trains θ in place for the training block's epochs.
     *
     * @param validation evaluated after each epoch; may be empty
     */
    public Result train(Parameters theta, DataSet train, DataSet validation, TrainingListener listener) {
        try (StepRunner runner = new StepRunner(backprop, engine, threads, theta, seed ^ MASK_SEED, precision, training)) {
            return train(runner, theta, train, validation, listener);
        }
    }

    private Result train(StepRunner runner, Parameters theta, DataSet train, DataSet validation, TrainingListener listener) {
        Optimizer optimizer = Optimizer.create(training.optimizer(), training.learningRate(), runner.sizes());
        SplittableRandom random = new SplittableRandom(seed);
        int n = train.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Parameters lastGood = theta.copy();
        List<EpochResult> history = new ArrayList<>();

        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            long start = System.nanoTime();
            DataSet.shuffle(order, random);
            double lossSum = 0;
            long correct = 0;
            int step = 0;
            for (int from = 0; from < n; from += training.batchSize()) {
                step++;
                int b = Math.min(training.batchSize(), n - from);
                double loss = runner.step(theta, train, order, from, b, optimizer);
                if (runner.badLayer != 0) {
                    theta.setFrom(lastGood);
                    return new Result(history, new Divergence(epoch, step, runner.badLayer, runner.badQuantity,
                            optimizer.learningRate()));
                }
                lossSum += loss * b;
                correct += runner.correct();
                listener.step(epoch, from + b, n, lossSum / (from + b));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation val = validation.count() == 0 ? null : evaluate(theta, validation);
            if (val != null && !Double.isFinite(val.loss())) {
                theta.setFrom(lastGood);
                return new Result(history, new Divergence(epoch, step, plan.depth(), "validation loss",
                        optimizer.learningRate()));
            }
            EpochResult result = new EpochResult(epoch, lossSum / n, (double) correct / n,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), seconds, n);
            history.add(result);
            listener.epoch(result);
            lastGood.setFrom(theta);
            double previous = epoch == 1 ? Double.NaN : history.get(epoch - 2).validationLoss();
            if (training.anneal() && val != null && val.loss() > previous && epoch < training.epochs()) {
                optimizer.halveLearningRate();                         // η ← η/2: the validation loss went up
                listener.annealed(epoch, val.loss(), previous, optimizer.learningRate());
            }
        }
        return new Result(history, null);
    }

    /** Loss (mean + decay), accuracy and confusion matrix of θ on {@code data}. */
    public Evaluation evaluate(Parameters theta, DataSet data) {
        int n = data.count();
        int classes = plan.units(plan.depth());
        long[][] confusion = new long[classes][classes];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double lossSum = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            StepBuffers s = evalBuffers(Math.min(EVAL_BATCH, n - from));
            s.fill(data, order, from);
            backprop.evaluate(theta, s.x, s.pass);       // forward_propagation, evaluation mode (running μ, σ²; no dropout)
            lossSum += backprop.loss(s.pass, theta, s.batch) * s.batchSize();
            for (int j = 0; j < s.batchSize(); j++) {
                confusion[s.labels[j]][s.pass.predicted(j)]++;
            }
        }
        return new Evaluation(lossSum / n, confusion, data.classNames());
    }

    private StepBuffers evalBuffers(int size) {
        if (size == EVAL_BATCH) {
            return evalFull != null ? evalFull : (evalFull = new StepBuffers(plan, size));
        }
        if (evalTail == null || evalTail.batchSize() != size) {
            evalTail = new StepBuffers(plan, size);
        }
        return evalTail;
    }
}
