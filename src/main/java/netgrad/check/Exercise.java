package netgrad.check;

import java.util.ArrayList;
import java.util.List;

import netgrad.backprop.Activations;
import netgrad.backprop.ForwardPass;
import netgrad.linalg.Matrix;
import netgrad.plan.Activation;
import netgrad.plan.Plan;

/**
 * How much of hidden layer k the batch exercises: a unit passes no gradient back when g′(a_k[i, b]) is (nearly) 0 for
 * every example b — a dead relu (a ≤ 0 throughout), or a saturated logistic, tanh or softplus unit
 * (g′ &lt; {@value #SATURATED} · max g′ throughout). A mistake below such a layer cannot show in a gradient check.
 *
 * @param layer      k
 * @param activation g's keyword
 * @param units      n_k
 * @param inactive   units that are dead or saturated on every example of the batch
 * @param word       "dead" for relu, "saturated" for the others
 */
public record Exercise(int layer, String activation, int units, int inactive, String word) {
    /** A unit whose g′ stays below this fraction of g′'s maximum on every example counts as saturated. */
    public static final double SATURATED = 1e-4;

    /** The fraction of units that pass no gradient. */
    public double fraction() {
        return units == 0 ? 0 : (double) inactive / units;
    }

    /** Every unit of the layer is dead or saturated: nothing below it is exercised. */
    public boolean blocked() {
        return units > 0 && inactive == units;
    }

    /** "all 3 units of layer 2 (relu) are dead on this batch". */
    public String sentence() {
        String count = blocked() ? (units == 1 ? "the only unit" : "all " + units + " units") : inactive + " of " + units
                + " units";
        return count + " of layer " + layer + " (" + activation + ") " + (inactive == 1 && !blocked() || units == 1 ? "is " : "are ")
                + word + " on this batch";
    }

    /** max |g′(z)| over z = −10 … 10 (step 0.01): the scale a user-defined g′ is called saturated against. */
    static double largestSlope(netgrad.expr.Expr derivative) {
        double max = 0;
        for (int i = -1000; i <= 1000; i++) {
            double v = Math.abs(derivative.at(i / 100.0));
            max = Double.isFinite(v) ? Math.max(max, v) : max;
        }
        return max > 0 ? max : 1;
    }

    /** One per hidden layer, from the forward pass of the batch. */
    public static List<Exercise> of(Plan plan, ForwardPass f) {
        List<Exercise> out = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            Activation g = plan.activation(k);
            Matrix a = plan.batchNorm(k) ? f.ahat(k) : f.a(k);                  // g acts on â_k with batch norm
            Matrix gz = f.gOut()[k] != null ? f.gOut()[k] : f.h(k);               // g(z), before dropout's mask
            Matrix d = Activations.derivative(g, a, gz, new Matrix(a.rows, a.cols));
            double max = switch (g.kind()) {
                case LOGISTIC -> 0.25;                                  // σ′ ≤ 1/4
                case TANH, RELU, LEAKY_RELU, IDENTITY, SOFTPLUS -> 1;   // g′ ≤ 1
                case DEFINED -> largestSlope(Activation.defined(g).definition().derivative());
            };
            int inactive = 0;
            for (int i = 0; i < a.rows; i++) {
                boolean passes = false;
                for (int b = 0; b < a.cols && !passes; b++) {
                    passes = Math.abs(d.data[i * a.cols + b]) >= SATURATED * max;
                }
                inactive += passes ? 0 : 1;
            }
            String word = g.kind() == Activation.Kind.RELU ? "dead" : "saturated";
            out.add(new Exercise(k, g.keyword(), a.rows, inactive, word));
        }
        return out;
    }
}
