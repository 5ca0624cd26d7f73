package netgrad.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import netgrad.backprop.Backprop;
import netgrad.linalg.Matrix;
import netgrad.linalg.Naive;
import netgrad.linalg.Ops;
import netgrad.linalg.Parallelism;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The matrix products of one training step of a 784-128-128-10 network at batch B, timed for the textbook triple
 * loop ({@link Naive}), commons-math3's {@link BlockRealMatrix} and {@link Ops} on 1 and on
 * {@link Parallelism#DEFAULT} threads, all in the same run: a warm-up, then the median over several repetitions,
 * each repeating the product for a minimum time. Then the time of one forward + backward step through
 * {@link Backprop}. A product costs 2·m·n·p flops.
 */
public final class MatmulBench {
    /** How long to measure: repetitions (median taken) of at least {@code minMillis} each, after a warm-up. */
    public record Settings(int repetitions, int minMillis, int warmupMillis, int batch, long seed) {}

    /** One product of the step: C = A·B, Aᵀ·B or A·Bᵀ ({@code op} is the {@link Ops} method). */
    public record Product(String label, String op, Matrix a, Matrix b, Matrix c) {
        public long flops() {
            long inner = op.equals("multTransA") ? a.rows : a.cols;
            return 2L * c.rows * c.cols * inner;
        }
    }

    /** Median seconds per call of a product (or of all of them, summed) on each path; library is NaN for a sum. */
    public record Row(String label, String shapes, String op, long flops, double naive, double library, double single,
                      double parallel) {
        public double speedup() {
            return naive / parallel;
        }
    }

    private final Settings settings;

    public MatmulBench(Settings settings) {
        this.settings = settings;
    }

    /** The threads of the parallel figures. */
    public static Parallelism parallel() {
        return Parallelism.DEFAULT;
    }

    /** The products of forward W_k·h_{k−1}, backward ∇W_k = ∇a_k·h_{k−1}ᵀ and ∇h_{k−1} = W_kᵀ·∇a_k, on random matrices. */
    public List<Product> products() {
        int batch = settings.batch();
        Random r = new Random(settings.seed());
        int[] n = {784, 128, 128, 10};
        List<Product> list = new ArrayList<>();
        Matrix[] w = new Matrix[4];
        Matrix[] h = new Matrix[4];
        Matrix[] gradA = new Matrix[4];
        for (int k = 1; k <= 3; k++) {
            w[k] = random(n[k], n[k - 1], r);
            gradA[k] = random(n[k], batch, r);
        }
        for (int k = 0; k <= 2; k++) {
            h[k] = random(n[k], batch, r);
        }
        for (int k = 1; k <= 3; k++) {
            list.add(new Product(Quantity.W(k).label() + "·" + Quantity.h(k - 1).label(), "mult", w[k], h[k - 1], new Matrix(n[k], batch)));
        }
        for (int k = 3; k >= 1; k--) {
            list.add(new Product("dW" + k, "multTransB", gradA[k], h[k - 1], new Matrix(n[k], n[k - 1])));
            if (k > 1) {
                list.add(new Product("dh" + (k - 1), "multTransA", w[k], gradA[k], new Matrix(n[k - 1], batch)));
            }
        }
        return list;
    }

    /**
     * Runs every product on every path until the optimizing compiler has compiled the kernels: Vector API code runs
     * orders of magnitude slower before C2 compiles it, and on a busy machine that can take seconds.
     */
    public void warmUp(List<Product> products) {
        long end = System.nanoTime() + 3L * settings.warmupMillis() * 1_000_000L;
        do {
            for (Product p : products) {
                ops(p, Parallelism.SEQUENTIAL);
                ops(p, parallel());
            }
        } while (System.nanoTime() < end);
    }

    /** The product's median seconds per call on each path. */
    public Row measure(Product p) {
        double naive = seconds(() -> naive(p));
        RealMatrix a3 = new BlockRealMatrix(p.a().toArray());
        RealMatrix b3 = new BlockRealMatrix(p.b().toArray());
        double library = seconds(() -> library(p.op(), a3, b3));
        double single = seconds(() -> ops(p, Parallelism.SEQUENTIAL));
        double parallel = seconds(() -> ops(p, parallel()));
        return new Row(p.label(), p.a().shape() + p.b().shape(), p.op(), p.flops(), naive, library, single, parallel);
    }

    /** The sums over {@code rows}: the products of one whole step. */
    public static Row total(List<Row> rows) {
        long flops = 0;
        double naive = 0, single = 0, parallel = 0;
        for (Row r : rows) {
            flops += r.flops();
            naive += r.naive();
            single += r.single();
            parallel += r.parallel();
        }
        return new Row("all", "one step's products", "", flops, naive, Double.NaN, single, parallel);
    }

    /** Median seconds of the forward + backward step of the whole network through Backprop (relu, softmax, CE). */
    public double stepSeconds(Parallelism products) {
        int batch = settings.batch();
        long seed = settings.seed();
        Plan plan = Plan.of("bench", new int[] {784, 128, 128, 10}, List.of(new Activation.Relu(), new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, new Init(Init.Scheme.HE, 0, seed));
        Parameters theta = Initializer.initialize(plan);
        Random r = new Random(seed);
        int[] labels = new int[batch];
        for (int j = 0; j < batch; j++) labels[j] = r.nextInt(10);
        Batch data = Batch.classification(random(784, batch, r), labels, 10);
        Backprop backprop = new Backprop(plan, products);
        return seconds(() -> backprop.gradients(theta, data));
    }

    /** Steps of an epoch of 60 000 examples. */
    public int stepsPerEpoch() {
        return (60_000 + settings.batch() - 1) / settings.batch();
    }

    public static double gflops(long flops, double seconds) {
        return flops / seconds / 1e9;
    }

    private static void naive(Product p) {
        switch (p.op()) {
            case "mult" -> Naive.mult(p.a(), p.b(), p.c());
            case "multTransA" -> Naive.multTransA(p.a(), p.b(), p.c());
            default -> Naive.multTransB(p.a(), p.b(), p.c());
        }
    }

    private static void ops(Product p, Parallelism threads) {
        switch (p.op()) {
            case "mult" -> Ops.mult(threads, p.a(), p.b(), p.c());
            case "multTransA" -> Ops.multTransA(threads, p.a(), p.b(), p.c());
            default -> Ops.multTransB(threads, p.a(), p.b(), p.c());
        }
    }

    private static RealMatrix library(String op, RealMatrix a, RealMatrix b) {
        return switch (op) {
            case "mult" -> a.multiply(b);
            case "multTransA" -> a.transpose().multiply(b);
            default -> a.multiply(b.transpose());
        };
    }

    /** Median seconds per call of {@code task} after a warm-up. */
    private double seconds(Runnable task) {
        long warmupEnd = System.nanoTime() + settings.warmupMillis() * 1_000_000L;
        do {
            task.run();
        } while (System.nanoTime() < warmupEnd);
        int repetitions = settings.repetitions();
        double[] perCall = new double[repetitions];
        long min = settings.minMillis() * 1_000_000L;
        for (int rep = 0; rep < repetitions; rep++) {
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                task.run();
                calls++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < min);
            perCall[rep] = elapsed / 1e9 / calls;
        }
        Arrays.sort(perCall);
        return perCall[repetitions / 2];
    }

    private static Matrix random(int rows, int cols, Random r) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = r.nextGaussian();
        return m;
    }
}
