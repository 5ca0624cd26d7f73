package netgrad.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * The PyTorch reference vectors of {@code tests/vectors} (an outside oracle, see its README), converted to
 * netgrad's conventions: examples as columns, biases as columns, gradients of a_k and h_k as n_k × B.
 */
public record Vectors(String name, Plan plan, Parameters params, Batch batch, double loss, Gradients gradients) {

    public static final List<String> FILES = List.of(
            "deep-identity-hidden", "leaky-softplus-identity-se", "lecture4-logistic-tanh-softmax-ce",
            "logistic-bce", "logistic-se", "no-hidden-softmax-ce", "relu-softmax-ce-decay", "softmax-se");

    public static Vectors load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + name);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Vectors> all() {
        return FILES.stream().map(Vectors::load).toList();
    }

    private static Vectors parse(JsonNode d) {
        int[] sizes = new int[d.get("sizes").size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = d.get("sizes").get(i).asInt();
        }
        double slope = d.get("leaky_relu_slope").asDouble();
        List<Activation> acts = new ArrayList<>();
        for (JsonNode a : d.get("activations")) {
            acts.add(activation(a.asText(), slope));
        }
        OutputFunction out = OutputFunction.valueOf(d.get("output").asText().toUpperCase());
        Loss loss = Loss.valueOf(d.get("loss").asText().toUpperCase());
        Plan plan = Plan.of(d.get("name").asText(), sizes, acts, out, loss, d.get("weight_decay").asDouble(), Init.xavier(0));

        Parameters params = Parameters.zeros(plan);
        d.get("params").fields().forEachRemaining(e -> copy(matrixOrColumn(e.getValue()), params.get(Quantity.parse(e.getKey(), plan))));

        Matrix x = matrix(d.get("x")).transpose();
        int batchSize = x.cols;
        int classes = sizes[sizes.length - 1];
        Batch batch;
        if (out == OutputFunction.SOFTMAX) {
            int[] labels = new int[batchSize];
            for (int j = 0; j < batchSize; j++) {
                labels[j] = d.get("y").get(j).asInt();
            }
            batch = Batch.classification(x, labels, classes);
        } else {
            batch = new Batch(x, matrix(d.get("y")).transpose(), null);
        }

        Gradients g = new Gradients();
        d.get("gradients").fields().forEachRemaining(e -> {
            Quantity key = Quantity.parse(e.getKey(), plan);
            Matrix m = matrixOrColumn(e.getValue());
            g.put(key, key.isParameter() ? m : m.transpose());
        });
        return new Vectors(d.get("name").asText(), plan, params, batch, d.get("loss_value").asDouble(), g);
    }

    private static Activation activation(String name, double slope) {
        return switch (name) {
            case "logistic", "sigmoid" -> new Activation.Logistic();
            case "tanh" -> new Activation.Tanh();
            case "relu" -> new Activation.Relu();
            case "leaky_relu" -> new Activation.LeakyRelu(slope);
            case "identity" -> new Activation.Identity();
            case "softplus" -> new Activation.Softplus();
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    private static void copy(Matrix from, Matrix to) {
        if (!from.sameShape(to)) {
            throw new IllegalArgumentException("shape " + from.shape() + " does not fit " + to.shape());
        }
        System.arraycopy(from.data, 0, to.data, 0, from.size());
    }

    /** A JSON list of lists as a matrix; a flat list as a column. */
    private static Matrix matrixOrColumn(JsonNode node) {
        if (node.size() > 0 && !node.get(0).isArray()) {
            double[] v = new double[node.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = node.get(i).asDouble();
            }
            return Matrix.column(v);
        }
        return matrix(node);
    }

    private static Matrix matrix(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            JsonNode row = rows.get(i);
            values[i] = new double[row.size()];
            for (int j = 0; j < values[i].length; j++) {
                values[i][j] = row.get(j).asDouble();
            }
        }
        return Matrix.of(values);
    }
}
