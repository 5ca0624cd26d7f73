package netgrad.bench;

import java.util.List;

import netgrad.check.Engines;
import netgrad.fd.FiniteDifferences;
import netgrad.check.Mode;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.model.Batch;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.BatchMaker;

/**
 * A full finite-difference check of every one of the 25,450 parameters of a 784-32-10 network (logistic hidden
 * layer, softmax with cross-entropy, Xavier weights) on a few examples, the workload of PyTorch's
 * {@code torch.autograd.gradcheck} on the same network. Measured: the incremental finite differences alone, the
 * whole three-way verify (backprop, tape, finite differences of every parameter and intermediate, comparisons),
 * and as the baseline in the same run, brute-force finite differences (a whole forward pass per evaluation) on a
 * prefix of the parameters, extrapolated to all of them.
 */
public final class VerifyBench {
    private VerifyBench() {}

    static final int[] SIZES = {784, 32, 10};

    /**
     * Medians of the incremental differences and of the whole verify, the brute-force baseline on the first
     * {@code prefix} entries of W1 and extrapolated, verify's verdict, checksums (so no work is skipped),
     * and the median of the same verify without its power measurement (plainVerifyNanos).
     */
    public record Result(long parameters, double fdNanos, double verifyNanos, int prefix, double bruteNanos,
                         boolean agrees, int entriesChecked, double checksum, double bruteChecksum, double plainVerifyNanos) {
        public double bruteAllNanos() {
            return bruteNanos / prefix * parameters;
        }

        public double speedup() {
            return bruteAllNanos() / fdNanos;
        }
    }

    /** Times {@code repetitions} runs after {@code warmup} untimed ones; the baseline differences {@code baselineEntries}. */
    public static Result measure(int examples, int warmup, int repetitions, int baselineEntries, long seed) {
        Plan plan = Plan.of("bench-784-32-10", SIZES, List.of(new Activation.Logistic()), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(seed));
        Parameters theta = Initializer.initialize(plan);
        Batch batch = BatchMaker.make(plan, examples, seed);
        List<Quantity> names = plan.parameters();
        long parameters = plan.parameterCount();

        long[] fdTimes = new long[repetitions];
        long[] verifyTimes = new long[repetitions];
        long[] plainTimes = new long[repetitions];
        double checksum = 0;
        VerifyReport report = null;
        Verifier.Options options = Verifier.Options.defaults().withMode(Mode.FULL);
        for (int rep = -warmup; rep < repetitions; rep++) {
            long start = System.nanoTime();
            checksum = allParameters(plan, theta, batch, names);
            long middle = System.nanoTime();
            report = Engines.verify(plan, theta, batch, options);
            long end = System.nanoTime();
            Engines.verify(plan, theta, batch, options.withoutPower());   // the same check without the power measurement
            long plainEnd = System.nanoTime();
            if (rep >= 0) {
                fdTimes[rep] = middle - start;
                verifyTimes[rep] = end - middle;
                plainTimes[rep] = plainEnd - end;
            }
        }
        int prefix = (int) Math.min(baselineEntries, parameters);
        long bruteStart = System.nanoTime();
        double bruteChecksum = 0;
        for (int i = 0; i < prefix; i++) {
            bruteChecksum += FiniteDifferences.bruteForce(plan, theta, batch, Quantity.W(1), i, FiniteDifferences.DEFAULT_STEP);
        }
        double bruteNanos = System.nanoTime() - bruteStart;
        return new Result(parameters, Timing.median(fdTimes), Timing.median(verifyTimes), prefix, bruteNanos,
                report.agrees(), report.entriesChecked(), checksum, bruteChecksum, Timing.median(plainTimes));
    }

    /** Σ over every parameter of its finite-difference derivative (so the work cannot be skipped). */
    static double allParameters(Plan plan, Parameters theta, Batch batch, List<Quantity> names) {
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, FiniteDifferences.DEFAULT_STEP);
        double sum = 0;
        for (Quantity name : names) {
            int size = theta.get(name).size();
            for (int i = 0; i < size; i++) {
                sum += fd.entry(name, i).value();
            }
        }
        return sum;
    }
}
