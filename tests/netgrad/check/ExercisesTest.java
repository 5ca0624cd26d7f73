package netgrad.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import netgrad.testing.CliRun;

/**
 * The shipped exercises (specs/exercises/): their derivatives pass {@code check} and {@code verify}; a wrong
 * derivative planted in each is caught by {@code check} at the derivative's line and column, and by
 * {@code verify} at the step ∇a_k of the layer using it, naming the activation.
 */
class ExercisesTest {
    static Stream<Arguments> plants() {
        return Stream.of(
                Arguments.of("swish", "(1 - logistic(z))", "(1 + logistic(z))", 5, "∇a_1", "swish"),
                Arguments.of("softsign", "1 / (1 + abs(z))^2", "1 / (1 + abs(z))", 4, "∇a_2", "softsign"),
                Arguments.of("gelu", "0.134145", "0.044715", 9, "∇a_1", "gelu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plants")
    void correctDerivativesPassAndAPlantedWrongOneIsCaughtByCheckAndVerify(String name, String right, String wrong,
            int line, String step, String activation, @TempDir Path dir) throws IOException {
        Path shipped = Path.of("specs/exercises/" + name + ".net");
        CliRun ok = CliRun.of("check", shipped.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains(name + ": derivative agrees with");
        assertThat(CliRun.of("verify", shipped.toString()).code()).isZero();

        String text = Files.readString(shipped);
        assertThat(text).contains(right);
        Path planted = dir.resolve(name + "-wrong.net");
        Files.writeString(planted, text.replace(right, wrong));

        CliRun check = CliRun.of("check", planted.toString());
        assertThat(check.code()).isEqualTo(65);
        assertThat(check.err()).contains(planted + ":" + line + ":14: error: derivative of " + activation + " ");
        CliRun verify = CliRun.of("verify", planted.toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.out()).contains("FIRST WRONG STEP: " + step + " = ").contains("with g = " + activation);
    }
}
