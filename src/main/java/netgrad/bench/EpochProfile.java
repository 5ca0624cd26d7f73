package netgrad.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import netgrad.data.DataSet;
import netgrad.linalg.Parallelism;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Training;
import netgrad.source.SourcePos;
import netgrad.train.GradientEngine;
import netgrad.train.Trainer;
import netgrad.train.TrainingListener;

/**
 * Where a training epoch's time goes: epochs of {@link EpochBench}'s network trained as {@code train} trains
 * (a tenth of the set held out and evaluated after every epoch), sampled by the JDK's flight recorder every
 * 10 ms on every training thread, each sample put in the first {@link Phase} its call stack matches. A sample
 * sees only running Java code: a thread parked while it waits is not sampled, one spinning is ("waiting").
 */
public final class EpochProfile {
    private EpochProfile() {}

    /** The phases of a step, in the order of the slide, with the frames (class.method) that identify them. */
    public enum Phase {
        WAIT("waiting for the other thread", "netgrad.train.WorkerPool.run", "netgrad.train.WorkerPool.loop"),
        EVALUATION("evaluation of the held-out tenth", "netgrad.train.Trainer.evaluate"),
        FILL("batch assembly (bytes to x, e(y))", "netgrad.train.StepBuffers.fill",
                "netgrad.train.Float32Part.fill"),
        SHUFFLE("shuffle", "netgrad.data.DataSet.shuffle"),
        FORWARD_PRODUCTS("a_k = W_k h_{k-1} (products)", "netgrad.linalg.Ops.mult", "netgrad.linalg.FloatOps.mult"),
        BIAS("+ b_k", "netgrad.linalg.Ops.addToColumns",
                "netgrad.linalg.FloatOps.addToColumns"),
        ACTIVATION("h_k = g(a_k)", "netgrad.backprop.Activations.apply",
                "netgrad.train.Float32Functions.activate"),
        OUTPUT("y^ = O(a_L) and the loss", "netgrad.backprop.Outputs.apply", "netgrad.backprop.Backprop.loss",
                "netgrad.train.Float32Functions.output", "netgrad.train.Float32Functions.loss"),
        OUTPUT_GRADIENT("grad a_L", "netgrad.backprop.Backprop.outputGradient",
                "netgrad.train.Float32Functions.outputGradient"),
        TRANSPOSES("h_{k-1}^T for the grad W products", "netgrad.linalg.Gemm.transpose",
                "netgrad.linalg.FloatGemm.transpose"),
        WEIGHT_GRADIENT("grad W_k = grad a_k h_{k-1}^T (products)", "netgrad.backprop.Backprop.weightGradient",
                "netgrad.train.RowSplitStep.weightRows", "netgrad.linalg.FloatOps.multTransB",
                "netgrad.train.Float32Backprop.weightRows"),
        BIAS_GRADIENT("grad b_k (sums over the batch)", "netgrad.backprop.Backprop.biasGradient",
                "netgrad.train.RowSplitStep.biasRows", "netgrad.linalg.FloatOps.sumRows",
                "netgrad.train.Float32Backprop.biasRows"),
        HIDDEN_GRADIENT("grad h_{k-1} = W_k^T grad a_k (products)", "netgrad.backprop.Backprop.hiddenGradient",
                "netgrad.linalg.FloatOps.multTransA"),
        DERIVATIVE("grad a_{k-1} = grad h_{k-1} * g'(a_{k-1})",
                "netgrad.backprop.Backprop.preActivationGradient",
                "netgrad.train.Float32Functions.backThrough"),
        UPDATE("optimizer: sum of parts, finite check, update", "netgrad.train.StepRunner.sumAndUpdate",
                "netgrad.train.StepRunner.singleStep",
                "netgrad.train.Float32Steps.checkAndUpdate", "netgrad.train.Float32Steps.rowsAndUpdate",
                "netgrad.train.RowSplitStep.checkAndUpdate"),
        COUNT("accuracy count", "netgrad.train.StepBuffers.correct",
                "netgrad.train.Float32Part.correct"),
        POOL("products on the common pool's threads", "java.util.concurrent.ForkJoinWorkerThread.run"),
        OTHER("other (set-up, the rest of the loop)");

        final String label;
        final String[] frames;

        Phase(String label, String... frames) {
            this.label = label;
            this.frames = frames;
        }

        public String label() {
            return label;
        }
    }

    /** Samples per phase (in {@link Phase} order) over the profiled epochs, and the epochs' mean wall time. */
    public record Result(Map<Phase, Integer> samples, int total, double epochSeconds, int epochs) {
        /** The phase's share of all samples. */
        public double share(Phase p) {
            return total == 0 ? 0 : (double) samples.get(p) / total;
        }
    }

    /** Phases whose match is decided by a frame anywhere in the stack, before the innermost rules. */
    private static final Phase[] OUTER = {Phase.EVALUATION, Phase.FILL, Phase.SHUFFLE, Phase.COUNT, Phase.POOL};
    /** Matched from the innermost frame outwards: the first frame of one of these decides. */
    private static final Phase[] INNER = {Phase.TRANSPOSES, Phase.WEIGHT_GRADIENT, Phase.HIDDEN_GRADIENT,
        Phase.BIAS_GRADIENT, Phase.DERIVATIVE, Phase.OUTPUT_GRADIENT, Phase.FORWARD_PRODUCTS, Phase.BIAS,
        Phase.ACTIVATION, Phase.OUTPUT, Phase.UPDATE, Phase.WAIT};

    /** The phase of one sample's stack, innermost frame first. */
    static Phase classify(List<String> frames) {
        for (Phase p : OUTER) {
            for (String f : frames) {
                if (matches(p, f)) return p;
            }
        }
        for (String f : frames) {
            for (Phase p : INNER) {
                if (matches(p, f)) return p;
            }
        }
        return Phase.OTHER;
    }

    private static boolean matches(Phase p, String frame) {
        for (String name : p.frames) {
            if (frame.equals(name)) return true;
        }
        return false;
    }

    /**
     * Trains a fresh 784-128-128-10 network with g on {@code set} (nine tenths trained, one tenth evaluated) for
     * {@code epochs} profiled epochs after a warm-up epoch, and returns the samples of the profiled ones.
     */
    public static Result profile(Activation g, DataSet set, EpochBench.Mode mode, int epochs, int batch)
            throws IOException {
        return profile(g, set, mode, netgrad.train.Precision.FLOAT64, epochs, batch);
    }

    /** The same with steps in {@code precision} (float32: the float32 step's phases, same names). */
    public static Result profile(Activation g, DataSet set, EpochBench.Mode mode, netgrad.train.Precision precision,
                                 int epochs, int batch) throws IOException {
        Plan plan = Plan.of("profile", new int[]{784, 128, 128, 10}, List.of(g, g), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(1));
        Training sgd = new Training("profile", Training.Optimizer.defaults(Training.Kind.SGD), 0.01, batch, 1, 0.1,
                SourcePos.none());
        Parameters theta = Initializer.initialize(plan);
        Trainer trainer = new Trainer(plan, sgd, 1, GradientEngine.BACKPROP, mode.stepThreads,
                Parallelism.of(mode.opsThreads), precision);
        DataSet.Split split = set.split(0.1, 1);
        trainer.train(theta, split.rest(), split.held(), TrainingListener.NONE);   // warm-up: the JIT compiles
        Path file = Files.createTempFile("netgrad-profile", ".jfr");
        double seconds = 0;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
            recording.start();
            for (int e = 0; e < epochs; e++) {
                long start = System.nanoTime();
                trainer.train(theta, split.rest(), split.held(), TrainingListener.NONE);
                seconds += (System.nanoTime() - start) / 1e9;
            }
            recording.stop();
            recording.dump(file);
            return count(file, seconds / epochs, epochs);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Result count(Path file, double epochSeconds, int epochs) throws IOException {
        Map<Phase, Integer> samples = new LinkedHashMap<>();
        for (Phase p : Phase.values()) samples.put(p, 0);
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? ""
                    : event.getThread("sampledThread").getJavaName();
            if (!"main".equals(thread) && (thread == null || !thread.startsWith("netgrad-train-"))
                    && (thread == null || !thread.startsWith("ForkJoinPool"))) {
                continue;   // only the threads that train (products split over the common pool run there)
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : event.getStackTrace().getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            samples.merge(classify(frames), 1, Integer::sum);
            total++;
        }
        return new Result(samples, total, epochSeconds, epochs);
    }
}
