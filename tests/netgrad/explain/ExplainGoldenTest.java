package netgrad.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import netgrad.testing.CliRun;

/**
 * The output of {@code netgrad explain} against golden files beside this test. After an intended change,
 * regenerate them with {@code mvn -o test -Dtest='netgrad.explain.**' -Dnetgrad.regenerate=true} and review
 * the diff; without the property any change in the output fails.
 */
class ExplainGoldenTest {
    static final boolean REGENERATE = Boolean.getBoolean("netgrad.regenerate");
    static final Path DIR = Path.of("tests/netgrad/explain");
    static final String RELU_SPEC = "tests/netgrad/explain/relu-squared.net";

    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("lecture4.txt", new String[] {"explain", "specs/lecture4.net"}),
                Arguments.of("lecture4.md", new String[] {"explain", "specs/lecture4.net", "--format", "markdown"}),
                Arguments.of("relu-squared.txt", new String[] {"explain", RELU_SPEC}),
                Arguments.of("relu-squared.md", new String[] {"explain", RELU_SPEC, "--format", "markdown"}),
                Arguments.of("lecture4-trace.txt", new String[] {"explain", "specs/lecture4.net", "--trace"}),
                Arguments.of("lecture4-mistakes.txt", new String[] {"explain", "specs/lecture4.net", "--mistakes"}),
                Arguments.of("relu-squared-mistakes.txt", new String[] {"explain", RELU_SPEC, "--mistakes"}),
                // batch norm and dropout: the batch form, the trace of a batch, their four catalogue mistakes
                Arguments.of("batchnorm.txt", new String[] {"explain", "specs/batchnorm.net"}),
                Arguments.of("batchnorm.md", new String[] {"explain", "specs/batchnorm.net", "--format", "markdown"}),
                Arguments.of("batchnorm-trace.txt", new String[] {"explain", "specs/batchnorm.net", "--trace"}),
                Arguments.of("batchnorm-mistakes.txt", new String[] {"explain", "specs/batchnorm.net", "--mistakes"}),
                Arguments.of("dropout.txt", new String[] {"explain", "specs/dropout.net"}),
                Arguments.of("dropout-trace.txt", new String[] {"explain", "specs/dropout.net", "--trace"}),
                Arguments.of("bn-dropout.txt", new String[] {"explain", "specs/bn-dropout.net"}),
                Arguments.of("bn-dropout-trace.txt", new String[] {"explain", "specs/bn-dropout.net", "--trace"}),
                Arguments.of("bn-dropout-mistakes.txt", new String[] {"explain", "specs/bn-dropout.net", "--mistakes"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void outputMatchesGoldenFile(String golden, String[] args) throws IOException {
        CliRun run = CliRun.of(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        compare(DIR.resolve(golden), run.out());
    }

    /** The checked-in docs/lecture4-derivation.md is the current Markdown output, so it cannot go stale. */
    @org.junit.jupiter.api.Test
    void checkedInLecture4DerivationIsCurrent() throws IOException {
        CliRun run = CliRun.of("explain", "specs/lecture4.net", "--format", "markdown");
        compare(Path.of("docs/lecture4-derivation.md"), run.out());
    }

    /** docs/batchnorm-derivation.md is the current Markdown output for specs/batchnorm.net. */
    @org.junit.jupiter.api.Test
    void checkedInBatchnormDerivationIsCurrent() throws IOException {
        CliRun run = CliRun.of("explain", "specs/batchnorm.net", "--format", "markdown");
        compare(Path.of("docs/batchnorm-derivation.md"), run.out());
    }

    static void compare(Path golden, String actual) throws IOException {
        if (REGENERATE) {
            Files.createDirectories(golden.toAbsolutePath().getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
