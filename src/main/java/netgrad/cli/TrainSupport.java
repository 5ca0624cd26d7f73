package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

import netgrad.data.DataFormatException;
import netgrad.data.DataMissingException;
import netgrad.data.DataSets;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.plan.Training;

/** What train, evaluate and bench epoch share: loading the data with one-line errors, and describing a run. */
final class TrainSupport {
    private TrainSupport() {}

    /** Loads the data set, or prints one line and returns null (exit 65) when it is missing, corrupt or does not fit. */
    static DataSets.TrainTest loadData(String dataset, Path dir, Plan plan, PrintWriter err, String command) {
        DataSets.TrainTest data;
        try {
            data = DataSets.load(dataset, dir);
        } catch (DataMissingException | DataFormatException e) {
            err.println("netgrad " + command + ": " + e.getMessage());
            return null;
        } catch (IOException e) {
            err.println("netgrad " + command + ": cannot read " + dataset + ": " + e);
            return null;
        }
        int classes = plan.output().units();
        if (data.train().features() != plan.inputSize() || data.train().classes() != classes) {
            err.printf("netgrad %s: %s (%d pixels, %d classes) cannot feed %s (%d in, %d out)%n",
                    command, dataset, data.train().features(), data.train().classes(), plan.name(), plan.inputSize(), classes);
            return null;
        }
        return data;
    }

    /** "fashion_mlp: 784-128-128-10 (relu, relu) softmax + cross_entropy, decay 0.0005, he init; adam η=0.001 ..." */
    static String describe(Plan plan, Training t, long seed) {
        StringJoiner sizes = new StringJoiner("-");
        StringJoiner activations = new StringJoiner(", ");
        sizes.add(Integer.toString(plan.inputSize()));
        for (Layer layer : plan.layers()) {
            sizes.add(Integer.toString(layer.units()));
            if (layer instanceof Layer.Hidden h) activations.add(h.activation().keyword());
        }
        Training.Optimizer o = t.optimizer();
        String hyper = switch (o.kind()) {
            case SGD -> "";
            case MOMENTUM, NAG -> " γ=" + num(o.momentum());
            case RMSPROP -> " β=" + num(o.beta()) + " ε=" + num(o.epsilon());
            case ADAM, NADAM -> " β1=" + num(o.beta1()) + " β2=" + num(o.beta2()) + " ε=" + num(o.epsilon());
        };
        return String.format(Locale.ROOT, "%s: %s (%s) %s + %s, decay %s, %s init, seed %d%n  %s η=%s%s, batch %d, epochs %d%s",
                plan.name(), sizes, activations, plan.output().function().keyword(), plan.loss().keyword(),
                num(plan.weightDecay()), plan.init().scheme().keyword(), seed, o.kind().keyword(), num(t.learningRate()),
                hyper, t.batchSize(), t.epochs(), t.anneal() ? ", anneal" : "");
    }

    /** A number as written by a person: 0.0005, 1e-08 stays short. */
    static String num(double x) {
        String plain = java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        return plain.length() <= 8 ? plain : String.format(Locale.ROOT, "%.3g", x);
    }
}
