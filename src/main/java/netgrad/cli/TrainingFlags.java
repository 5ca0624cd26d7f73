package netgrad.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import netgrad.plan.Init;
import netgrad.plan.Names;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * The flags of the course assignment's {@code train.py} (its older {@code -w_d}, {@code -w_i} and the 2026
 * {@code -wd}, {@code -wi}, {@code -sz 128 64} forms), each overriding one setting of the spec: the network and
 * data flags of {@link ModelFlags} (shared with evaluate) and the optimizer, initialisation and seed. As in a
 * spec's train block, a hyper-parameter the optimizer does not use is an error ({@code -m 0.9 -o adam}).
 */
public final class TrainingFlags {
    /** Standard deviation of {@code -w_i random}: N(0, 0.01²). */
    public static final double RANDOM_INIT_SCALE = 0.01;

    @Mixin
    ModelFlags model = new ModelFlags();

    @Option(names = {"-e", "--epochs"}, paramLabel = "N", description = "passes over the training set")
    Integer epochs;
    @Option(names = {"-b", "--batch_size"}, paramLabel = "B", description = "examples per step")
    Integer batchSize;
    @Option(names = {"-o", "--optimizer"}, paramLabel = "OPT", converter = ModelFlags.OptimizerConverter.class,
            description = "sgd, momentum, nag, rmsprop, adam or nadam")
    Training.Kind optimizer;
    @Option(names = {"-lr", "--learning_rate"}, paramLabel = "η", description = "learning rate")
    Double learningRate;
    @Option(names = {"-m", "--momentum"}, paramLabel = "γ", description = "momentum of momentum and nag")
    Double momentum;
    @Option(names = {"-beta", "--beta"}, paramLabel = "β", description = "β of rmsprop")
    Double beta;
    @Option(names = {"-beta1", "--beta1"}, paramLabel = "β1", description = "β1 of adam and nadam")
    Double beta1;
    @Option(names = {"-beta2", "--beta2"}, paramLabel = "β2", description = "β2 of adam and nadam")
    Double beta2;
    @Option(names = {"-eps", "--epsilon"}, paramLabel = "ε", description = "ε of rmsprop, adam and nadam")
    Double epsilon;
    @Option(names = {"-wi", "-w_i", "--weight_init"}, paramLabel = "INIT", converter = ModelFlags.SchemeConverter.class,
            description = "random (N(0, 0.01²)), xavier, he or zeros (the units of a layer stay identical)")
    Init.Scheme weightInit;
    @Option(names = "--anneal", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "halve η after every epoch whose validation loss is higher than the epoch before's (the"
                    + " course's --anneal; the epoch is not repeated): --anneal or --anneal true, --anneal false")
    Boolean anneal;
    @Option(names = "--seed", paramLabel = "S",
            description = "seeds the initialisation, the validation split and the shuffling (default: the spec's)")
    Long seed;

    /** A usage problem with the flags on {@code plan}, or null. */
    String problem(Plan plan) {
        if (epochs != null && epochs < 1) return "--epochs must be at least 1";
        if (batchSize != null && batchSize < 1) return "--batch_size must be at least 1";
        if (learningRate != null && !(learningRate > 0)) return "--learning_rate must be positive";
        if (seed != null && seed < 0) return "--seed must be 0 or more, like a spec's init seed";
        String problem = model.problem(plan);
        if (problem != null) return problem;
        Training.Kind kind = training(plan).optimizer().kind();
        for (Map.Entry<String, Double> given : hyperParameters().entrySet()) {
            if (given.getValue() != null && !Names.usedBy(given.getKey()).contains(kind)) {
                return "--" + given.getKey() + " does not apply to optimizer " + kind.keyword() + " (it is used by "
                        + String.join(" and ", Names.usedBy(given.getKey()).stream().sorted()
                        .map(Training.Kind::keyword).toList()) + ")";
            }
        }
        return null;
    }

    /** Each optimizer flag by the name of its spec setting, with its value or null. */
    private Map<String, Double> hyperParameters() {
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("momentum", momentum);
        given.put("beta", beta);
        given.put("beta1", beta1);
        given.put("beta2", beta2);
        given.put("epsilon", epsilon);
        return given;
    }

    /** The seed of this run. */
    long seed(Plan plan) {
        return seed != null ? seed : plan.init().seed();
    }

    /** The spec's plan with every given flag applied; the training block comes from {@link #training}. */
    Plan apply(Plan plan) {
        long s = seed(plan);
        Init init = weightInit == null ? new Init(plan.init().scheme(), plan.init().scale(), s)
                : new Init(weightInit, weightInit == Init.Scheme.RANDOM ? RANDOM_INIT_SCALE : 0, s);
        return model.apply(plan, init);
    }

    /** The spec's training block (or the defaults) with every given flag applied. */
    Training training(Plan plan) {
        Training t = model.training(plan);
        Training.Optimizer o = t.optimizer();
        Training.Optimizer newOptimizer = new Training.Optimizer(optimizer == null ? o.kind() : optimizer,
                or(momentum, o.momentum()), or(beta, o.beta()), or(beta1, o.beta1()), or(beta2, o.beta2()),
                or(epsilon, o.epsilon()));
        return new Training(t.dataset(), newOptimizer, or(learningRate, t.learningRate()),
                batchSize != null ? batchSize : t.batchSize(), epochs != null ? epochs : t.epochs(),
                t.validationFraction(), anneal != null ? anneal : t.anneal(), t.pos());
    }

    private static double or(Double given, double fallback) {
        return given != null ? given : fallback;
    }
}
