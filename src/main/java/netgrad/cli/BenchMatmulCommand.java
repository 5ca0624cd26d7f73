package netgrad.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

import netgrad.backprop.Backprop;
import netgrad.linalg.Matrix;
import netgrad.linalg.Naive;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netgrad bench matmul}: GFLOP/s (2·m·n·p flops per product) of every matrix product in one training step
 * of a 784-128-128-10 network at batch 64, for the textbook triple loop ({@link Naive}), commons-math3's
 * {@link BlockRealMatrix} and {@link Ops}, all measured in the same run: a warm-up, then the median over several
 * repetitions, each repeating the product for a minimum time. Then the time of one forward + backward step.
 */
@Command(name = "matmul", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Measure the matrix products of a 784-128-128-10 network at batch 64 (GFLOP/s).")
public final class BenchMatmulCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--repetitions", defaultValue = "7", description = "Timed repetitions per figure; the median is shown (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--min-ms", defaultValue = "100", description = "Minimum time of one repetition in ms (default ${DEFAULT-VALUE}).")
    int minMillis;

    @Option(names = "--warmup-ms", defaultValue = "1000", description = "Warm-up time per figure in ms (default ${DEFAULT-VALUE}).")
    int warmupMillis;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size B (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random matrices (default ${DEFAULT-VALUE}).")
    long seed;

    /** One product of the step: C = A·B, Aᵀ·B or A·Bᵀ. */
    private record Product(String label, String op, Matrix a, Matrix b, Matrix c) {
        long flops() {
            long inner = op.equals("multTransA") ? a.rows : a.cols;
            return 2L * c.rows * c.cols * inner;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (repetitions < 1 || minMillis < 0 || warmupMillis < 0 || batch < 1) {
            spec.commandLine().getErr().println("netgrad bench matmul: --repetitions and --batch must be at least 1, times not negative");
            return ExitCodes.USAGE;
        }
        out.printf("netgrad bench matmul: kernel %s, %d processors, %s %s; median of %d repetitions of >= %d ms%n",
                Ops.kernel(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), repetitions, minMillis);
        int threads = Ops.threads();
        out.printf("GFLOP/s; naive = textbook triple loop, cm3 = commons-math3 BlockRealMatrix, netgrad = Ops with 1 and %d threads%n",
                threads);
        out.printf("%-6s %-24s %-10s %7s %7s %9s %9s %8s%n", "what", "shapes", "op", "naive", "cm3", "netgrad/1",
                "netgrad/" + threads, "speedup");
        double naiveSeconds = 0, singleSeconds = 0, parallelSeconds = 0;
        long flops = 0;
        List<Product> products = products();
        warmUp(products);
        try {
            for (Product p : products) {
                double naive = seconds(() -> naive(p));
                RealMatrix a3 = new BlockRealMatrix(p.a().toArray());
                RealMatrix b3 = new BlockRealMatrix(p.b().toArray());
                double library = seconds(() -> library(p.op(), a3, b3));
                Ops.threads(1);
                double single = seconds(() -> ops(p));
                Ops.threads(threads);
                double parallel = seconds(() -> ops(p));
                naiveSeconds += naive;
                singleSeconds += single;
                parallelSeconds += parallel;
                flops += p.flops();
                out.printf("%-6s %-24s %-10s %7.2f %7.2f %9.2f %9.2f %7.1fx%n", p.label(), p.a().shape() + p.b().shape(),
                        p.op(), gflops(p.flops(), naive), gflops(p.flops(), library), gflops(p.flops(), single),
                        gflops(p.flops(), parallel), naive / parallel);
                out.flush();
            }
            out.printf("%-6s %-24s %-10s %7.2f %7s %9.2f %9.2f %7.1fx%n", "all", "one step's products", "",
                    gflops(flops, naiveSeconds), "", gflops(flops, singleSeconds), gflops(flops, parallelSeconds),
                    naiveSeconds / parallelSeconds);
            Ops.threads(1);
            stepTime(out, 1);
            Ops.threads(threads);
            stepTime(out, threads);
        } finally {
            Ops.threads(threads);
        }
        return ExitCodes.OK;
    }

    /** The forward + backward step of the whole network through Backprop, and what an epoch of 60 000 costs. */
    private void stepTime(PrintWriter out, int threads) {
        Plan plan = Plan.of("bench", new int[] {784, 128, 128, 10}, List.of(new Activation.Relu(), new Activation.Relu()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, new Init(Init.Scheme.HE, 0, seed));
        Parameters theta = Initializer.initialize(plan);
        Random r = new Random(seed);
        int[] labels = new int[batch];
        for (int j = 0; j < batch; j++) labels[j] = r.nextInt(10);
        Batch data = Batch.classification(random(784, batch, r), labels, 10);
        Backprop backprop = new Backprop(plan);
        double step = seconds(() -> backprop.gradients(theta, data));
        int steps = (60_000 + batch - 1) / batch;
        out.printf("forward+backward, 784-128-128-10 relu/softmax/cross-entropy, batch %d, %d thread%s: %.3f ms/step; "
                + "%d steps (60000 examples) = %.2f s%n", batch, threads, threads == 1 ? "" : "s", step * 1e3, steps,
                steps * step);
    }

    private List<Product> products() {
        Random r = new Random(seed);
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
            list.add(new Product("W" + k + "·h" + (k - 1), "mult", w[k], h[k - 1], new Matrix(n[k], batch)));
        }
        for (int k = 3; k >= 1; k--) {
            list.add(new Product("dW" + k, "multTransB", gradA[k], h[k - 1], new Matrix(n[k], n[k - 1])));
            if (k > 1) {
                list.add(new Product("dh" + (k - 1), "multTransA", w[k], gradA[k], new Matrix(n[k - 1], batch)));
            }
        }
        return list;
    }

    private static void naive(Product p) {
        switch (p.op()) {
            case "mult" -> Naive.mult(p.a(), p.b(), p.c());
            case "multTransA" -> Naive.multTransA(p.a(), p.b(), p.c());
            default -> Naive.multTransB(p.a(), p.b(), p.c());
        }
    }

    private static void ops(Product p) {
        switch (p.op()) {
            case "mult" -> Ops.mult(p.a(), p.b(), p.c());
            case "multTransA" -> Ops.multTransA(p.a(), p.b(), p.c());
            default -> Ops.multTransB(p.a(), p.b(), p.c());
        }
    }

    private static RealMatrix library(String op, RealMatrix a, RealMatrix b) {
        return switch (op) {
            case "mult" -> a.multiply(b);
            case "multTransA" -> a.transpose().multiply(b);
            default -> a.multiply(b.transpose());
        };
    }

    /**
     * Runs every product on every path until the optimizing compiler has compiled the kernels: Vector API code runs
     * orders of magnitude slower before C2 compiles it, and on a busy machine that can take seconds.
     */
    private void warmUp(List<Product> products) {
        int threads = Ops.threads();
        long end = System.nanoTime() + 3L * warmupMillis * 1_000_000L;
        do {
            for (Product p : products) {
                Ops.threads(1);
                ops(p);
                Ops.threads(threads);
                ops(p);
            }
        } while (System.nanoTime() < end);
    }

    /** Median seconds per call of {@code task} after a warm-up. */
    private double seconds(Runnable task) {
        long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        do {
            task.run();
        } while (System.nanoTime() < warmupEnd);
        double[] perCall = new double[repetitions];
        long min = minMillis * 1_000_000L;
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

    private static double gflops(long flops, double seconds) {
        return flops / seconds / 1e9;
    }

    private static Matrix random(int rows, int cols, Random r) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = r.nextGaussian();
        return m;
    }
}
