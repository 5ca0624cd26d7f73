package netgrad.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import netgrad.bench.MatmulBench;
import netgrad.linalg.Ops;
import netgrad.linalg.Parallelism;

/**
 * {@code netgrad bench matmul}: GFLOP/s of every matrix product in one training step of a 784-128-128-10 network at
 * batch 64 for the triple loop, commons-math3 and {@link Ops}, then the time of one forward + backward step; the
 * measuring is {@link MatmulBench}'s.
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

    @Override
    public Integer call() {
        if (repetitions < 1 || minMillis < 0 || warmupMillis < 0 || batch < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--repetitions and --batch must be at least 1, times not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        MatmulBench bench = new MatmulBench(new MatmulBench.Settings(repetitions, minMillis, warmupMillis, batch, seed));
        out.printf("netgrad bench matmul: kernel %s, %d processors, %s %s; median of %d repetitions of >= %d ms%n",
                Ops.kernel(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), repetitions, minMillis);
        Parallelism parallel = MatmulBench.parallel();
        int threads = parallel.threads();
        out.printf("GFLOP/s; naive = textbook triple loop, cm3 = commons-math3 BlockRealMatrix, netgrad = Ops with 1 and %d threads%n",
                threads);
        out.printf("%-6s %-24s %-10s %7s %7s %9s %9s %8s%n", "what", "shapes", "op", "naive", "cm3", "netgrad/1",
                "netgrad/" + threads, "speedup");
        List<MatmulBench.Product> products = bench.products();
        bench.warmUp(products);
        List<MatmulBench.Row> rows = new ArrayList<>();
        for (MatmulBench.Product p : products) {
            MatmulBench.Row r = bench.measure(p);
            rows.add(r);
            out.printf("%-6s %-24s %-10s %7.2f %7.2f %9.2f %9.2f %7.1fx%n", r.label(), r.shapes(), r.op(),
                    MatmulBench.gflops(r.flops(), r.naive()), MatmulBench.gflops(r.flops(), r.library()),
                    MatmulBench.gflops(r.flops(), r.single()), MatmulBench.gflops(r.flops(), r.parallel()), r.speedup());
            out.flush();
        }
        MatmulBench.Row all = MatmulBench.total(rows);
        out.printf("%-6s %-24s %-10s %7.2f %7s %9.2f %9.2f %7.1fx%n", all.label(), all.shapes(), all.op(),
                MatmulBench.gflops(all.flops(), all.naive()), "", MatmulBench.gflops(all.flops(), all.single()),
                MatmulBench.gflops(all.flops(), all.parallel()), all.speedup());
        printStep(out, bench, Parallelism.SEQUENTIAL);
        printStep(out, bench, parallel);
        return ExitCodes.OK;
    }

    /** The forward + backward step of the whole network, and what an epoch of 60 000 costs. */
    private void printStep(PrintWriter out, MatmulBench bench, Parallelism products) {
        double step = bench.stepSeconds(products);
        int threads = products.threads();
        int steps = bench.stepsPerEpoch();
        out.printf("forward+backward, 784-128-128-10 relu/softmax/cross-entropy, batch %d, %d thread%s: %.3f ms/step; "
                + "%d steps (60000 examples) = %.2f s%n", batch, threads, threads == 1 ? "" : "s", step * 1e3, steps,
                steps * step);
    }
}
