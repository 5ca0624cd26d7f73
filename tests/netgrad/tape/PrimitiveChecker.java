package netgrad.tape;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import netgrad.linalg.Matrix;

/**
 * Checks a tape function's backward against central finite differences: the scalar is s = Σ_ij f(inputs)_ij · R_ij
 * for fixed random weights R, so every entry of f's output takes part with a different weight.
 * ∂s/∂input_k ≈ (s(input_k + h) − s(input_k − h)) / 2h, compared entry by entry.
 */
final class PrimitiveChecker {
    static final double STEP = 1e-6;
    /** Central differences with step 1e-6 are good to ~1e-9 on smooth functions of O(1) inputs. */
    static final double TOLERANCE = 1e-7;

    private PrimitiveChecker() {}

    /** A seeded random matrix with entries uniform in [lo, hi), their sign flipped at random when {@code signed}. */
    static Matrix random(Random rng, int rows, int cols, double lo, double hi, boolean signed) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            double v = lo + (hi - lo) * rng.nextDouble();
            m.data[i] = signed && rng.nextBoolean() ? -v : v;
        }
        return m;
    }

    /** Asserts that the tape's gradient of s with respect to every input matches finite differences. */
    static void check(String what, List<Matrix> inputs, BiFunction<Tape, List<Node>, Node> f, long seed) {
        Random rng = new Random(seed);
        Tape tape = new Tape();
        List<Node> params = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            params.add(tape.parameter(inputs.get(i), "p" + i));
        }
        Node out = f.apply(tape, params);
        Matrix weights = random(rng, out.value().rows, out.value().cols, 0.5, 1.5, true);
        Node s = tape.sumAll(tape.mul(out, tape.constant(weights, "R")));
        tape.backward(s);

        for (int k = 0; k < inputs.size(); k++) {
            Matrix x = inputs.get(k);
            Matrix grad = params.get(k).grad();
            assertThat(grad.sameShape(x)).as(what + ": gradient shape of input " + k).isTrue();
            for (int i = 0; i < x.data.length; i++) {
                double saved = x.data[i];
                x.data[i] = saved + STEP;
                double plus = scalar(inputs, f, weights);
                x.data[i] = saved - STEP;
                double minus = scalar(inputs, f, weights);
                x.data[i] = saved;
                double numeric = (plus - minus) / (2 * STEP);
                assertThat(grad.data[i])
                        .as("%s: ∂s/∂input%d[%d]", what, k, i)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(1.0, Math.abs(numeric))));
            }
        }
    }

    private static double scalar(List<Matrix> inputs, BiFunction<Tape, List<Node>, Node> f, Matrix weights) {
        Tape tape = new Tape();
        List<Node> nodes = new ArrayList<>();
        for (Matrix x : inputs) {
            nodes.add(tape.constant(x, null));
        }
        Matrix out = f.apply(tape, nodes).value();
        double s = 0;
        for (int i = 0; i < out.data.length; i++) {
            s += out.data[i] * weights.data[i];
        }
        return s;
    }
}
