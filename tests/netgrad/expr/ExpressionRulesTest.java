package netgrad.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import netgrad.plan.Compiler;
import netgrad.plan.Plan;
import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.check.DerivativeClaims;

/**
 * Every operator's and function's derivative rule on the tape, against central differences of the definition,
 * and the compiled kernel against the one-point evaluation, for one definition per rule.
 */
class ExpressionRulesTest {
    static Stream<String> bodies() {
        return Stream.of("z + z * z", "z - 3 * z", "z * z * z", "1 / (2 + z * z)", "(z * z + 1) ^ 1.5",
                "2 ^ z", "(z * z + 1) ^ (z / 4)", "-z * z", "exp(z / 3)", "log(z * z + 1)", "sqrt(z * z + 1)",
                "abs(z - 0.3)", "tanh(z)", "logistic(z)", "sigmoid(2 * z)", "softplus(z)", "max(z, 0.5 * z)",
                "min(z, 1 - z)", "e ^ (-z * z) + pi", "inner(z) * inner(-z)");
    }

    private static Definition define(String body) {
        String spec = "activation inner(z) = z * logistic(z)\n  derivative 1\n"
                + "activation f(z) = " + body + "\n  derivative 1\n"
                + "network x { input 2; hidden 2 f; hidden 2 inner; output 2 softmax; loss cross_entropy }\n";
        Plan plan = Compiler.compile("t.net", spec).plan();
        assertThat(plan).as(body).isNotNull();
        return ((Activation.Defined) ((Layer.Hidden) plan.layers().get(0)).activation()).definition();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void tapeDerivativeMatchesCentralDifferences(String body) {
        Definition d = define(body);
        List<Expr> kinks = d.body().kinks();
        double[] zs = {-3.1, -1.3, -0.45, 0.2, 0.77, 1.9, 2.6};
        double[] tape = DerivativeClaims.tapeDerivativeForTests(d.body(), zs);
        for (int i = 0; i < zs.length; i++) {
            double z = zs[i], h = 1e-5;
            double central = (d.body().at(z + h) - d.body().at(z - h)) / (2 * h);
            assertThat(tape[i]).as(body + " at z = " + z).isCloseTo(central,
                    org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(central))));
        }
        assertThat(kinks.isEmpty()).isEqualTo(!body.contains("abs") && !body.contains("max") && !body.contains("min"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void compiledKernelEqualsOnePointEvaluation(String body) {
        Definition d = define(body);
        double[] zs = new double[41];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = -5 + 0.25 * i;
        }
        double[] out = new double[zs.length];
        Kernel.compile(d.body()).apply(zs, out, zs.length);
        for (int i = 0; i < zs.length; i++) {
            assertThat(out[i]).as(body + " at " + zs[i]).isEqualTo(d.body().at(zs[i]));
        }
        double[] inPlace = zs.clone();
        Kernel.compile(d.body()).apply(inPlace, inPlace, inPlace.length);
        assertThat(inPlace).as("out may be the input itself").containsExactly(out);
    }
}
