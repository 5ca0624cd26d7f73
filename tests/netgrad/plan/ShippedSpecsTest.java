package netgrad.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in specs/ compiles (new specs are picked up automatically), and together they cover the language. */
class ShippedSpecsTest {
    private static final Path SPECS = Path.of("specs");

    static Stream<Path> specs() throws IOException {
        try (Stream<Path> files = Files.walk(SPECS)) {
            return files.filter(p -> p.toString().endsWith(".net")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void everyShippedSpecCompiles(Path spec) {
        Compilation c = Compiler.load(spec);
        assertThat(c.render()).isEmpty();
        assertThat(c.plan()).isNotNull();
        assertThat(c.plan().layers()).allSatisfy(layer -> assertThat(layer.pos().line()).isPositive());
    }

    @Test
    void theRequiredSpecsAreShipped() throws IOException {
        assertThat(specs().map(p -> p.getFileName().toString())).contains("lecture4.net", "xor.net",
                "fashion-mlp.net", "regression.net", "binary.net", "softmax-mse.net", "deep.net");
    }

    @Test
    void everyActivationAndEveryOutputLossPairAppearsInSomeSpec() throws IOException {
        List<Plan> plans = specs().map(p -> Compiler.load(p).plan()).toList();
        Set<String> activations = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        for (Plan plan : plans) {
            for (int k = 1; k < plan.depth(); k++) {
                activations.add(plan.activation(k).keyword());
            }
            pairs.add(plan.output().function().keyword() + "+" + plan.loss().keyword());
        }
        assertThat(activations).containsExactlyInAnyOrder("logistic", "tanh", "relu", "leaky_relu", "identity",
                "softplus", "swish", "softsign", "gelu");
        assertThat(pairs).contains("softmax+cross_entropy", "logistic+binary_cross_entropy", "identity+squared_error",
                "softmax+squared_error", "logistic+squared_error");
        Set<Init.Scheme> schemes = EnumSet.noneOf(Init.Scheme.class);
        plans.forEach(p -> schemes.add(p.init().scheme()));
        // init zeros is not shipped yet: verify --self-test must miss planted bugs on it (identical units hide
        // them) and says FAILED until its verdict has "inconclusive" (issue 11); TrainFlagsTest and
        // ZeroInitTest cover zeros end to end
        assertThat(schemes).containsExactlyInAnyOrder(Init.Scheme.RANDOM, Init.Scheme.XAVIER, Init.Scheme.HE);
        assertThat(plans).anySatisfy(p -> assertThat(p.training()).isPresent());
    }
}
