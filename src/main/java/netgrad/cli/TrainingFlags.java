package netgrad.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Option;

import netgrad.data.DataSets;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * The flags of the course assignment's {@code train.py}, each overriding one setting of the spec. The
 * architecture flags (-nhl, -sz, -a) replace the spec's hidden layers by nhl layers of sz units with activation a;
 * the output layer stays as written.
 */
public final class TrainingFlags {
    public enum LossName { mean_squared_error, cross_entropy }

    public enum OptimizerName { sgd, momentum, nag, rmsprop, adam, nadam }

    public enum InitName { random, Xavier }

    /** The course's spellings of -a, each naming one of the language's activations. */
    public enum ActivationName {
        identity(Activation.Kind.IDENTITY), sigmoid(Activation.Kind.LOGISTIC), tanh(Activation.Kind.TANH),
        ReLU(Activation.Kind.RELU);

        final Activation.Kind kind;

        ActivationName(Activation.Kind kind) {
            this.kind = kind;
        }
    }

    public enum DatasetName { mnist, fashion_mnist }

    /** Standard deviation of {@code -w_i random}: N(0, 0.01²). */
    public static final double RANDOM_INIT_SCALE = 0.01;

    @Option(names = {"-d", "--dataset"}, paramLabel = "NAME", description = "mnist or fashion_mnist")
    DatasetName dataset;
    @Option(names = {"-e", "--epochs"}, paramLabel = "N", description = "passes over the training set")
    Integer epochs;
    @Option(names = {"-b", "--batch_size"}, paramLabel = "B", description = "examples per step")
    Integer batchSize;
    @Option(names = {"-l", "--loss"}, paramLabel = "LOSS", description = "mean_squared_error or cross_entropy")
    LossName loss;
    @Option(names = {"-o", "--optimizer"}, paramLabel = "OPT", description = "sgd, momentum, nag, rmsprop, adam or nadam")
    OptimizerName optimizer;
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
    @Option(names = {"-w_d", "--weight_decay"}, paramLabel = "λ", description = "L2 decay: loss + (λ/2)Σ‖W_k‖²")
    Double weightDecay;
    @Option(names = {"-w_i", "--weight_init"}, paramLabel = "INIT",
            description = "random (N(0, 0.01²)) or Xavier (N(0, 2/(n_in+n_out)))")
    InitName weightInit;
    @Option(names = {"-nhl", "--num_layers"}, paramLabel = "N", description = "hidden layers (replaces the spec's)")
    Integer numLayers;
    @Option(names = {"-sz", "--hidden_size"}, paramLabel = "N", description = "units per hidden layer (replaces the spec's)")
    Integer hiddenSize;
    @Option(names = {"-a", "--activation"}, paramLabel = "G",
            description = "identity, sigmoid, tanh or ReLU for every hidden layer (replaces the spec's)")
    ActivationName activation;
    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the initialisation, the validation split and the shuffling (default: the spec's init seed)")
    Long seed;
    @Option(names = "--data", paramLabel = "DIR",
            description = "directory with the four IDX files (default for fashion_mnist: /usr/share/datasets/fashion-mnist)")
    Path data;

    /** A usage problem with the flags, or null. */
    String problem() {
        if (epochs != null && epochs < 1) return "--epochs must be at least 1";
        if (batchSize != null && batchSize < 1) return "--batch_size must be at least 1";
        if (learningRate != null && !(learningRate > 0) ) return "--learning_rate must be positive";
        if (numLayers != null && numLayers < 0) return "--num_layers must be 0 or more";
        if (hiddenSize != null && hiddenSize < 1) return "--hidden_size must be at least 1";
        if (weightDecay != null && !(weightDecay >= 0)) return "--weight_decay must be 0 or more";
        return null;
    }

    /** The seed of this run. */
    long seed(Plan plan) {
        return seed != null ? seed : plan.init().seed();
    }

    /** The spec's plan with every given flag applied; the training block comes from {@link #training}. */
    Plan apply(Plan plan) {
        int hidden = plan.depth() - 1;
        List<Integer> sizes = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        int layers = numLayers != null ? numLayers : hidden;
        for (int k = 1; k <= layers; k++) {
            int fromSpec = hidden == 0 ? 128 : plan.units(Math.min(k, hidden));
            sizes.add(hiddenSize != null ? hiddenSize : fromSpec);
            activations.add(activation != null ? activation(activation)
                    : hidden == 0 ? new Activation.Relu() : plan.activation(Math.min(k, hidden)));
        }
        int[] all = new int[layers + 2];
        all[0] = plan.inputSize();
        for (int k = 1; k <= layers; k++) all[k] = sizes.get(k - 1);
        all[layers + 1] = plan.output().units();
        Loss newLoss = loss == null ? plan.loss() : loss == LossName.cross_entropy ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
        double decay = weightDecay != null ? weightDecay : plan.weightDecay();
        long s = seed(plan);
        Init init = weightInit == null ? new Init(plan.init().scheme(), plan.init().scale(), s)
                : weightInit == InitName.Xavier ? Init.xavier(s) : new Init(Init.Scheme.RANDOM, RANDOM_INIT_SCALE, s);
        boolean sameLayers = numLayers == null && hiddenSize == null && activation == null;
        List<Layer> newLayers = sameLayers ? plan.layers()
                : keepOperations(plan, Plan.of(plan.name(), all, activations, plan.output().function(), newLoss, decay,
                        init).layers());
        return new Plan(plan.name(), plan.pos(), plan.inputSize(), newLayers, newLoss, decay, init, plan.training());
    }

    /** Each new hidden layer k with the batch norm and dropout of the spec's layer it copies (min(k, hidden)). */
    private static List<Layer> keepOperations(Plan plan, List<Layer> layers) {
        int hidden = plan.depth() - 1;
        if (hidden == 0) {
            return layers;
        }
        List<Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof Layer.Hidden h) {
                List<netgrad.plan.Operation> ops = new ArrayList<>();
                for (netgrad.plan.Operation op : ((Layer.Hidden) plan.layer(Math.min(h.k(), hidden))).operations()) {
                    ops.add(op.kind() == netgrad.plan.Operation.Kind.ACTIVATION
                            ? new netgrad.plan.Operation.Activate(h.activation()) : op);
                }
                out.add(new Layer.Hidden(h.k(), h.fanIn(), h.units(), ops, h.pos()));
            } else {
                out.add(layer);
            }
        }
        return out;
    }

    /** The spec's training block (or the defaults) with every given flag applied. */
    Training training(Plan plan) {
        Training t = plan.training().orElse(new Training(DataSets.FASHION_MNIST,
                Training.Optimizer.defaults(Training.Kind.ADAM), 0.001, 64, 10, 0.1, plan.pos()));
        Training.Optimizer o = t.optimizer();
        Training.Kind kind = optimizer == null ? o.kind() : Training.Kind.valueOf(optimizer.name().toUpperCase(Locale.ROOT));
        Training.Optimizer newOptimizer = new Training.Optimizer(kind, or(momentum, o.momentum()), or(beta, o.beta()),
                or(beta1, o.beta1()), or(beta2, o.beta2()), or(epsilon, o.epsilon()));
        return new Training(dataset != null ? dataset.name() : t.dataset(), newOptimizer,
                or(learningRate, t.learningRate()), batchSize != null ? batchSize : t.batchSize(),
                epochs != null ? epochs : t.epochs(), t.validationFraction(), t.pos());
    }

    private static double or(Double given, double fallback) {
        return given != null ? given : fallback;
    }

    static Activation activation(ActivationName name) {
        return name.kind.make(0.0);
    }
}
