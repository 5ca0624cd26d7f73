package netgrad.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import netgrad.backprop.Backprop;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

/**
 * The time of one {@link Recorder#record} (forward and backward on the tape) for a 784-128-128-10 network (logistic
 * hidden layers, softmax with cross-entropy) on a batch of B examples, against the hand-derived
 * {@link Backprop#gradients} on the same network and batch, and against the floor neither can beat: the same matrix
 * products done with {@link Ops} alone (3 forward W_k·h_{k−1}, 3 backward δ_k·h_{k−1}ᵀ, 2 backward W_kᵀ·δ_k; the
 * tape skips ∂L/∂x). Medians over repetitions after warm-up, the three workloads interleaved.
 */
public final class TapeBench {
    private TapeBench() {}

    static final int[] SIZES = {784, 128, 128, 10};

    /** Medians in nanoseconds, the tape's node count and the loss of the last run (so no work is optimised away). */
    public record Result(double tapeNanos, double backpropNanos, double productsNanos, int nodes, double loss,
                         double productsChecksum) {
        public double ratio() {
            return tapeNanos / productsNanos;
        }

        public double ratioToBackprop() {
            return tapeNanos / backpropNanos;
        }
    }

    /** Runs the three workloads on the same seeded network and batch; returns their median times. */
    public static Result measure(int batchSize, int warmup, int repetitions, long seed) {
        Plan plan = Plan.of("bench-784-128-128-10", SIZES, List.of(new Activation.Logistic(), new Activation.Logistic()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0.0, Init.xavier(seed));
        Random rng = new Random(seed);
        Parameters theta = Initializer.initialize(plan);
        Matrix x = new Matrix(SIZES[0], batchSize);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = rng.nextDouble();
        }
        int[] labels = new int[batchSize];
        for (int j = 0; j < batchSize; j++) {
            labels[j] = rng.nextInt(SIZES[SIZES.length - 1]);
        }
        Batch batch = Batch.classification(x, labels, SIZES[SIZES.length - 1]);

        Products products = new Products(theta, x, rng);
        Backprop backprop = new Backprop(plan);
        Recording last = null;
        long[] tape = new long[repetitions];
        long[] hand = new long[repetitions];
        long[] floor = new long[repetitions];
        for (int rep = -warmup; rep < repetitions; rep++) { // interleaved, so drift in machine load hits all alike
            long start = System.nanoTime();
            last = Recorder.record(plan, theta, batch);
            long afterTape = System.nanoTime();
            backprop.gradients(theta, batch);
            long afterBackprop = System.nanoTime();
            products.run();
            long end = System.nanoTime();
            if (rep >= 0) {
                tape[rep] = afterTape - start;
                hand[rep] = afterBackprop - afterTape;
                floor[rep] = end - afterBackprop;
            }
        }
        return new Result(Timing.median(tape), Timing.median(hand), Timing.median(floor), last.tape().nodes().size(),
                last.lossValue(), products.checksum());
    }

    /** The matrix products of one forward and backward pass, on preallocated buffers (no other work). */
    private static final class Products {
        private final List<Matrix> weights = new ArrayList<>();
        private final List<Matrix> activations = new ArrayList<>(); // h_0 .. h_{L−1}, then a_L
        private final List<Matrix> weightGrads = new ArrayList<>();
        private final List<Matrix> deltas = new ArrayList<>();       // stand-ins for ∂L/∂a_k: random, no zeros

        Products(Parameters theta, Matrix x, Random rng) {
            activations.add(x);
            for (int k = 1; k <= theta.depth(); k++) {
                Matrix w = theta.W(k);
                weights.add(w);
                activations.add(new Matrix(w.rows, x.cols));
                weightGrads.add(new Matrix(w.rows, w.cols));
                Matrix delta = new Matrix(w.rows, x.cols);
                for (int i = 0; i < delta.data.length; i++) {
                    delta.data[i] = 0.5 + rng.nextDouble();
                }
                deltas.add(delta);
            }
        }

        void run() {
            int depth = weights.size();
            for (int k = 1; k <= depth; k++) {
                Ops.mult(weights.get(k - 1), activations.get(k - 1), activations.get(k)); // a_k = W_k h_{k−1}
            }
            for (int k = depth; k >= 1; k--) {
                Ops.multTransB(deltas.get(k - 1), activations.get(k - 1), weightGrads.get(k - 1)); // δ_k h_{k−1}ᵀ
                if (k > 1) {
                    Ops.multTransA(weights.get(k - 1), deltas.get(k - 1), deltas.get(k - 2)); // W_kᵀ δ_k
                }
            }
        }

        double checksum() {
            return weightGrads.get(0).data[0];
        }
    }
}
