package netgrad.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import netgrad.data.DataSet;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * Lecture 4's learning algorithm with minibatches: initialise θ, then for every epoch shuffle the training set
 * (seeded) and for each batch of B examples do forward propagation, back propagation and the optimizer's update
 * θ ← θ − η·(rule)(∇θ). A last, smaller batch covers the remainder. After each epoch the validation set is
 * evaluated. A non-finite loss or gradient stops the run before the update is applied (see {@link Divergence});
 * θ is then set back to its value at the end of the last complete epoch, the last weights evaluated as finite.
 */
public final class Trainer {
    /** Examples per forward pass when evaluating. */
    static final int EVAL_BATCH = 500;

    private final Plan plan;
    private final Training training;
    private final long seed;
    private final GradientEngine engine;
    private final Map<Integer, BackpropWorkspace> workspaces = new HashMap<>();

    /** What a run produced: the per-epoch history, and the divergence or null when it completed. */
    public record Result(List<EpochResult> history, Divergence divergence) {
        public boolean diverged() {
            return divergence != null;
        }
    }

    public Trainer(Plan plan, Training training, long seed, GradientEngine engine) {
        this.plan = plan;
        this.training = training;
        this.seed = seed;
        this.engine = engine;
    }

    public Trainer(Plan plan, Training training, long seed) {
        this(plan, training, seed, GradientEngine.BACKPROP);
    }

    /** The reused buffers for batches of {@code size} examples. */
    BackpropWorkspace workspace(int size) {
        return workspaces.computeIfAbsent(size, b -> new BackpropWorkspace(plan, b));
    }

    /**
     * Trains θ in place for the training block's epochs.
     *
     * @param validation evaluated after each epoch; may be empty
     */
    public Result train(Parameters theta, DataSet train, DataSet validation, TrainingListener listener) {
        int depth = plan.depth();
        double[][] thetaArrays = new double[2 * depth][];
        int[] sizes = new int[2 * depth];
        for (int k = 1; k <= depth; k++) {
            thetaArrays[2 * (k - 1)] = theta.W(k).data;
            thetaArrays[2 * (k - 1) + 1] = theta.b(k).data;
            sizes[2 * (k - 1)] = theta.W(k).size();
            sizes[2 * (k - 1) + 1] = theta.b(k).size();
        }
        Optimizer optimizer = Optimizer.create(training.optimizer(), training.learningRate(), sizes);
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
                BackpropWorkspace ws = workspace(Math.min(training.batchSize(), n - from));
                train.fillBatch(order, from, ws.input(), ws.labels());
                ws.oneHotTargets();
                double loss = engine.lossAndGradients(plan, theta, ws);
                Divergence bad = check(ws, loss, epoch, step);
                if (bad != null) {
                    theta.setFrom(lastGood);
                    return new Result(history, bad);
                }
                optimizer.step(thetaArrays, gradientArrays(ws));
                int b = ws.batchSize();
                lossSum += loss * b;
                for (int j = 0; j < b; j++) {
                    if (ws.predicted(j) == ws.labels()[j]) correct++;
                }
                listener.step(epoch, from + b, n, lossSum / (from + b));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation val = validation.count() == 0 ? null : evaluate(theta, validation);
            EpochResult result = new EpochResult(epoch, lossSum / n, (double) correct / n,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), seconds, n);
            if (val != null && !Double.isFinite(val.loss())) {
                theta.setFrom(lastGood);
                return new Result(history, new Divergence(epoch, step, depth, "validation loss", training.learningRate()));
            }
            history.add(result);
            listener.epoch(result);
            lastGood.setFrom(theta);
        }
        return new Result(history, null);
    }

    private Divergence check(BackpropWorkspace ws, double loss, int epoch, int step) {
        if (!Double.isFinite(loss)) {
            int k = ws.firstNonFiniteActivation();
            return new Divergence(epoch, step, k == 0 ? plan.depth() : k, "loss", training.learningRate());
        }
        int k = ws.firstNonFiniteGradient();
        return k == 0 ? null : new Divergence(epoch, step, k, "gradient", training.learningRate());
    }

    private final Map<BackpropWorkspace, double[][]> gradientArrays = new HashMap<>();

    private double[][] gradientArrays(BackpropWorkspace ws) {
        return gradientArrays.computeIfAbsent(ws, w -> {
            int depth = plan.depth();
            double[][] g = new double[2 * depth][];
            for (int k = 1; k <= depth; k++) {
                g[2 * (k - 1)] = w.gradW(k).data;
                g[2 * (k - 1) + 1] = w.gradB(k).data;
            }
            return g;
        });
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
            BackpropWorkspace ws = workspace(Math.min(EVAL_BATCH, n - from));
            data.fillBatch(order, from, ws.input(), ws.labels());
            ws.oneHotTargets();
            lossSum += ws.forward(theta) * ws.batchSize();
            for (int j = 0; j < ws.batchSize(); j++) {
                confusion[ws.labels()[j]][ws.predicted(j)]++;
            }
        }
        return new Evaluation(lossSum / n, confusion, data.classNames());
    }
}
