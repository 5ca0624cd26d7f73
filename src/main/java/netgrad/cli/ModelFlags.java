package netgrad.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import netgrad.data.DataSets;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.Names;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/**
 * The flags of the course's {@code train.py} that say which network and which data, shared by train and
 * evaluate (evaluate needs them to rebuild the network train saved). -nhl, -sz and -a replace the spec's hidden
 * layers by nhl layers (or one per -sz size) with activation a; the output layer stays as written. Every name
 * is looked up in the language's own tables ({@link Names}), ignoring case, with the course's spellings.
 */
public final class ModelFlags {
    /** Units of a hidden layer when -nhl adds layers to a spec that has none and -sz is not given. */
    static final int DEFAULT_HIDDEN_SIZE = 128;

    @Option(names = {"-d", "--dataset"}, paramLabel = "NAME", converter = DatasetConverter.class,
            description = "mnist, fashion_mnist (or fashion)")
    String dataset;
    @Option(names = {"-l", "--loss"}, paramLabel = "LOSS", converter = LossConverter.class,
            description = "squared_error (mse, mean_squared_error), cross_entropy or binary_cross_entropy")
    Loss loss;
    @Option(names = {"-wd", "-w_d", "--weight_decay"}, paramLabel = "λ",
            description = "L2 decay: loss + (λ/2)Σ‖W_k‖²")
    Double weightDecay;
    @Option(names = {"-nhl", "--num_layers"}, paramLabel = "N", description = "hidden layers (replace the spec's)")
    Integer numLayers;
    @Option(names = {"-sz", "--hidden_size"}, paramLabel = "N", arity = "1..*",
            description = "units per hidden layer: one size for all, or one per layer (-sz 128 64)")
    List<Integer> hiddenSizes;
    @Option(names = {"-a", "--activation"}, paramLabel = "G", converter = ActivationConverter.class,
            description = "g of every hidden layer: relu (ReLU), tanh, logistic (sigmoid), identity, …")
    Activation.Kind activation;
    @Option(names = "--data", paramLabel = "DIR",
            description = "directory with the four IDX files (default: /usr/share/datasets/<data set>)")
    Path data;

    /** A usage problem with these flags on {@code plan}, or null. */
    String problem(Plan plan) {
        if (numLayers != null && numLayers < 0) return "--num_layers must be 0 or more";
        if (hiddenSizes != null && hiddenSizes.stream().anyMatch(n -> n < 1)) return "--hidden_size must be at least 1";
        if (numLayers != null && hiddenSizes != null && hiddenSizes.size() > 1 && hiddenSizes.size() != numLayers) {
            return "-sz gives " + hiddenSizes.size() + " sizes but -nhl asks for " + numLayers + " hidden layers";
        }
        if (weightDecay != null && !(weightDecay >= 0)) return "--weight_decay must be 0 or more";
        String mismatch = loss == null ? null : Names.mismatch(plan.output().function(), loss, plan.output().units());
        return mismatch == null ? null : "-l " + loss.keyword() + ": " + mismatch;
    }

    /** The spec's plan with these flags and {@code init} applied. */
    Plan apply(Plan plan, Init init) {
        int hidden = plan.depth() - 1;
        int layers = numLayers != null ? numLayers
                : hiddenSizes != null && hiddenSizes.size() > 1 ? hiddenSizes.size() : hidden;
        List<Activation> activations = new ArrayList<>();
        int[] all = new int[layers + 2];
        all[0] = plan.inputSize();
        for (int k = 1; k <= layers; k++) {
            int fromSpec = hidden == 0 ? DEFAULT_HIDDEN_SIZE : plan.units(Math.min(k, hidden));
            all[k] = hiddenSizes == null ? fromSpec : hiddenSizes.get(hiddenSizes.size() == 1 ? 0 : k - 1);
            activations.add(activation != null ? activation.make(Names.DEFAULT_LEAKY_SLOPE)
                    : hidden == 0 ? new Activation.Relu() : plan.activation(Math.min(k, hidden)));
        }
        all[layers + 1] = plan.output().units();
        Loss newLoss = loss == null ? plan.loss() : loss;
        double decay = weightDecay != null ? weightDecay : plan.weightDecay();
        boolean sameLayers = numLayers == null && hiddenSizes == null && activation == null;
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
                List<Operation> ops = new ArrayList<>();
                for (Operation op : ((Layer.Hidden) plan.layer(Math.min(h.k(), hidden))).operations()) {
                    ops.add(op.kind() == Operation.Kind.ACTIVATION
                            ? new Operation.Activate(h.activation()) : op);
                }
                out.add(new Layer.Hidden(h.k(), h.fanIn(), h.units(), ops, h.pos()));
            } else {
                out.add(layer);
            }
        }
        return out;
    }

    /** The spec's training block (or the defaults) with -d applied. */
    Training training(Plan plan) {
        Training t = plan.training().orElse(new Training(DataSets.FASHION_MNIST,
                Training.Optimizer.defaults(Training.Kind.ADAM), 0.001, 64, 10, 0.1, plan.pos()));
        return dataset == null ? t
                : new Training(dataset, t.optimizer(), t.learningRate(), t.batchSize(), t.epochs(), t.validationFraction(),
                t.anneal(), t.pos());
    }

    /** A converter from a word to a name of the language, refusing with the list of names. */
    private abstract static class Named<T> implements ITypeConverter<T> {
        abstract java.util.Optional<T> find(String word);

        abstract List<String> known();

        @Override
        public T convert(String word) {
            return find(word).orElseThrow(() -> new TypeConversionException(
                    "'" + word + "' is not one of " + String.join(", ", known()) + " (any case)"));
        }
    }

    static final class ActivationConverter extends Named<Activation.Kind> {
        java.util.Optional<Activation.Kind> find(String word) {
            return Names.activation(word);
        }

        List<String> known() {
            return Names.activations();
        }
    }

    static final class LossConverter extends Named<Loss> {
        java.util.Optional<Loss> find(String word) {
            return Names.loss(word);
        }

        List<String> known() {
            return Names.losses();
        }
    }

    static final class DatasetConverter extends Named<String> {
        java.util.Optional<String> find(String word) {
            return Names.dataset(word);
        }

        List<String> known() {
            return Names.datasetNames();
        }
    }

    static final class SchemeConverter extends Named<Init.Scheme> {
        java.util.Optional<Init.Scheme> find(String word) {
            return Names.scheme(word);
        }

        List<String> known() {
            return Names.schemes();
        }
    }

    static final class OptimizerConverter extends Named<Training.Kind> {
        java.util.Optional<Training.Kind> find(String word) {
            return Names.optimizer(word);
        }

        List<String> known() {
            return Names.optimizerNames();
        }
    }
}
