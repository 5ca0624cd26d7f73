package netgrad.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import netgrad.testing.CliRun;

/**
 * Every shipped spec's explanation, trace and mistakes fit a 100-column terminal, batch norm and dropout (whose
 * trace follows a batch) included.
 */
class LineWidthTest {
    static Stream<String> shippedSpecs() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("specs"))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".net")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedSpecs")
    void everyLineFitsOneHundredColumns(String spec) throws IOException {
        // --mistakes runs the three-way check of every planted mistake: minutes on the Fashion-MNIST networks (over
        // 100,000 parameters), whose lines are those of the smaller specs' reports
        boolean small = netgrad.plan.Compiler.load(Path.of(spec)).plan().parameterCount() <= 100_000;
        List<List<String>> forms = small ? List.of(List.<String>of(), List.of("--trace"), List.of("--mistakes"))
                : List.of(List.<String>of(), List.of("--trace"));
        for (List<String> extra : forms) {
            String[] args = Stream.concat(Stream.of("explain", spec), extra.stream()).toArray(String[]::new);
            CliRun run = CliRun.of(args);
            assertThat(run.code()).as(String.join(" ", args) + ": " + run.err()).isZero();
            assertThat(run.out().lines())
                    .as(String.join(" ", args))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(Tex.width(line)).as(line).isLessThanOrEqualTo(TextRenderer.WIDTH));
        }
    }
}
