package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import netgrad.testing.CliRun;

/** Issue 16: every line of every verify mode on every shipped spec fits 100 columns; the step table fits 80. */
class VerifyWidthTest {
    static final int WIDTH = 100;

    @Test
    void everyLineOfEveryModeOnEveryShippedSpecFits100Columns() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(Path.of("specs"))) {
            specs = files.filter(p -> p.toString().endsWith(".net")).sorted().toList();
        }
        List<List<String>> modes = List.of(List.of(), List.of("--json"), List.of("--self-test"), List.of("--sweep"),
                List.of("--mode", "directional"), List.of("--sample", "5"), List.of("--mode", "taylor"),
                List.of("--spec-init"), List.of("--help"));
        for (Path spec : specs) {
            // on the Fashion-MNIST networks (over 100,000 parameters) each mode takes 10-30 s: the default report,
            // --json and --help there; every mode's lines are the same kinds as on the smaller specs
            boolean small = netgrad.plan.Compiler.load(spec).plan().parameterCount() <= 100_000;
            for (List<String> mode : small ? modes : List.of(List.<String>of(), List.of("--json"), List.of("--help"))) {
                List<String> args = new java.util.ArrayList<>(List.of("verify", spec.toString()));
                args.addAll(mode);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                // one direction or five entries per quantity may miss a planted mistake, and the Taylor test cannot resolve a
                // remainder that crosses a relu kink at every step: then inconclusive, honestly
                assertThat(r.code()).as(args + "\n" + r.out() + r.err()).isIn(ExitCodes.OK,
                        mode.contains("directional") || mode.contains("--sample") || mode.contains("taylor") || mode.contains("--spec-init") ? ExitCodes.INCONCLUSIVE : ExitCodes.OK);
                assertThat((r.out() + r.err()).lines()).as(String.join(" ", args))
                        .allMatch(line -> line.codePointCount(0, line.length()) <= WIDTH);
                if (mode.isEmpty()) {
                    assertThat(r.out().lines().filter(l -> l.startsWith("∇") || l.startsWith("step ")))
                            .allMatch(line -> line.codePointCount(0, line.length()) <= 80);
                }
            }
        }
    }
}
