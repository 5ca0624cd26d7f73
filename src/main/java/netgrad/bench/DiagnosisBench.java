package netgrad.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netgrad.answer.Answer;
import netgrad.answer.Target;
import netgrad.answer.YoursCheck;
import netgrad.backprop.Backprop;
import netgrad.check.Mutant;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.BatchMaker;
import netgrad.problem.ProblemFile;

/**
 * The diagnosis of a user's answer on 784-128-128-10 (logistic, tanh, softmax with cross-entropy): every gradient
 * of an answer with {@code tanh-prime-as-1-minus-tanh} planted checked against the reference, and the first wrong
 * one recomputed with each mistake of the catalogue planted. The baseline, measured in the same run, is one
 * correct forward and backward pass.
 */
public final class DiagnosisBench {
    static final int[] SIZES = {784, 128, 128, 10};

    private DiagnosisBench() {}

    /** Medians of the check with its diagnosis and of the baseline pass, and the mistake the diagnosis named. */
    public record Result(long parameters, double checkNanos, double baselineNanos, String named) {
        public double ratio() {
            return checkNanos / baselineNanos;
        }
    }

    public static Result measure(int examples, int warmup, int repetitions, long seed) {
        Plan plan = Plan.of("bench-784-128-128-10", SIZES, List.of(new Activation.Logistic(), new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(seed));
        Parameters theta = ProblemFile.parameters(plan, seed);
        Batch batch = BatchMaker.make(plan, examples, seed);
        Backprop correct = new Backprop(plan);
        Gradients reference = correct.gradients(theta, batch);
        Gradients yours = Mutant.TANH_PRIME_AS_1_MINUS_TANH.plant(plan).gradients(theta, batch);
        Map<Target, Matrix> arrays = new LinkedHashMap<>();
        Map<Target, String> names = new LinkedHashMap<>();
        for (Map.Entry<Quantity, Matrix> e : yours.toMap().entrySet()) {
            Target t = new Target(Target.Role.GRADIENT, e.getKey());
            arrays.put(t, e.getValue());
            names.put(t, "d" + e.getKey().label());
        }
        Answer answer = new Answer(Path.of("bench.npz"), arrays, names, List.of());
        long[] check = new long[repetitions];
        long[] base = new long[repetitions];
        String named = null;
        for (int rep = -warmup; rep < repetitions; rep++) {
            long start = System.nanoTime();
            YoursCheck.Result r = YoursCheck.run(plan, theta, batch, reference, answer, netgrad.problem.Layout.LECTURE);
            long middle = System.nanoTime();
            correct.gradients(theta, batch);
            long end = System.nanoTime();
            named = r.diagnosis().mistake() == null ? "none" : r.diagnosis().mistake().id();
            if (rep >= 0) {
                check[rep] = middle - start;
                base[rep] = end - middle;
            }
        }
        return new Result(plan.parameterCount(), Timing.median(check), Timing.median(base), named);
    }
}
