package netgrad.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import netgrad.source.SourcePos;

/**
 * The compiled network in the lecture's notation: layers k = 1..L, each a_k = b_k + W_k h_{k−1},
 * h_k = g_k(a_k) for k &lt; L and ŷ = O(a_L); then the loss, the L2 decay λ and the initialisation.
 * Immutable; every engine runs on it.
 */
public record Plan(String name, SourcePos pos, int inputSize, List<Layer> layers, Loss loss, double weightDecay,
                   Init init, Optional<Training> training) {

    /** Plans larger than this are refused before anything is allocated. */
    public static final long MAX_PARAMETERS = 100_000_000L;

    public Plan {
        layers = List.copyOf(layers);
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Layer.Output)) {
            throw new IllegalArgumentException("a plan ends with exactly one output layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int fanIn = i == 0 ? inputSize : layers.get(i - 1).units();
            if (layer.k() != i + 1 || layer.fanIn() != fanIn) {
                throw new IllegalArgumentException("layer " + (i + 1) + " is inconsistent: " + layer);
            }
            if (i < layers.size() - 1 && !(layer instanceof Layer.Hidden)) {
                throw new IllegalArgumentException("layer " + (i + 1) + " must be hidden");
            }
        }
    }

    /**
     * Builds a plan from sizes n_0..n_L in code (tests, property checks, the train command's overrides).
     * Every layer gets {@link SourcePos#none()}.
     */
    public static Plan of(String name, int[] sizes, List<Activation> activations, OutputFunction output, Loss loss,
                          double weightDecay, Init init) {
        if (activations.size() != sizes.length - 2) {
            throw new IllegalArgumentException("need " + (sizes.length - 2) + " activations");
        }
        List<Layer> layers = new ArrayList<>();
        for (int k = 1; k < sizes.length - 1; k++) {
            layers.add(new Layer.Hidden(k, sizes[k - 1], sizes[k], activations.get(k - 1), SourcePos.none()));
        }
        int last = sizes.length - 1;
        layers.add(new Layer.Output(last, sizes[last - 1], sizes[last], output, SourcePos.none()));
        return new Plan(name, SourcePos.none(), sizes[0], layers, loss, weightDecay, init, Optional.empty());
    }

    /** L, the number of layers with parameters. */
    public int depth() {
        return layers.size();
    }

    /** Layer k, 1 ≤ k ≤ L. */
    public Layer layer(int k) {
        return layers.get(k - 1);
    }

    /** The output layer L. */
    public Layer.Output output() {
        return (Layer.Output) layers.get(layers.size() - 1);
    }

    /** n_k for 0 ≤ k ≤ L (n_0 is the input size). */
    public int units(int k) {
        return k == 0 ? inputSize : layer(k).units();
    }

    /** g_k for a hidden layer 1 ≤ k &lt; L. */
    public Activation activation(int k) {
        return ((Layer.Hidden) layer(k)).activation();
    }

    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }

    /** Whether layer k (1 ≤ k ≤ L) normalises its pre-activation over the batch. */
    public boolean batchNorm(int k) {
        return layer(k) instanceof Layer.Hidden h && h.batchNorm();
    }

    /** p of layer k's dropout (1 ≤ k ≤ L), 0 when it has none. */
    public double dropout(int k) {
        return layer(k) instanceof Layer.Hidden h ? h.dropout() : 0;
    }

    /** ε of layer k's batch normalisation (layer k must have one). */
    public double batchNormEps(int k) {
        return Operation.eps(((Layer.Hidden) layer(k)).find(Operation.Kind.BATCH_NORM));
    }

    /** Whether any layer has batch normalisation or dropout (then examples of a batch are not independent). */
    public boolean couplesExamples() {
        for (int k = 1; k < depth(); k++) {
            if (batchNorm(k) || dropout(k) > 0) {
                return true;
            }
        }
        return false;
    }

    /** W1, b1, (γ1, β1 where layer 1 has batch norm), W2, b2, …, WL, bL. */
    public List<Quantity> parameters() {
        List<Quantity> names = new ArrayList<>();
        for (Layer layer : layers) {
            names.add(layer.weight());
            names.add(layer.bias());
            if (batchNorm(layer.k())) {
                names.add(Quantity.gamma(layer.k()));
                names.add(Quantity.beta(layer.k()));
            }
        }
        return names;
    }
}
