package netgrad.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;

/**
 * Seeded byte-level mutation fuzzing of the front end (SourceText → SpecParser → Compiler), below the
 * token level of dsl/RobustnessTest: bit flips, NUL / CR / UTF-8 lead bytes, deleted and duplicated runs,
 * splices between the shipped specs, numbers made huge or negative. Every mutant, read from a file as
 * {@code netgrad check} reads it, compiles or gets diagnostics inside the file with no ANTLR wording and no
 * exception, within a hang guard; the count of cases, not a clock, bounds the run.
 */
class SpecFuzzTest {
    private static final long SEED = 20261202L;
    private static final int CASES = 400;
    private static final String[] ANTLR_WORDING = {"expecting {", "mismatched input", "extraneous input",
        "no viable alternative", "token recognition error"};

    @TempDir
    Path dir;

    @Test
    void mutatedSpecsCompileOrGetDiagnosticsInsideTheFile() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (var files = Files.list(Path.of("specs"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".net")).sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        ByteMutator mutator = new ByteMutator(SEED, seeds);
        Path file = dir.resolve("mutant.net");
        int[] compiled = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int k = 0; k < CASES; k++) {
                int c = k;
                byte[] bytes = mutator.next();
                Files.write(file, bytes);
                Compilation result;
                try {
                    result = Compiler.load(file);
                    result.render();
                } catch (Throwable t) {
                    fail("case %d: %s escaped the front end on %s", c, t, new String(bytes, "ISO-8859-1"));
                    return;
                }
                if (result.ok()) {
                    compiled[0]++;
                    assertThat(result.diagnostics()).as("case %d", c).isEmpty();
                    continue;
                }
                // lines of the text, or of the raw bytes when they are not UTF-8 (the diagnostic still has a line)
                int lines = result.source() != null ? result.source().lineCount()
                        : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n|\r|\n", -1).length;
                assertThat(result.diagnostics()).as("case %d", c).isNotEmpty().allSatisfy(d -> {
                    assertThat(d.message()).isNotBlank().doesNotContain("Exception");
                    for (String words : ANTLR_WORDING) {
                        assertThat(d.message()).as("case %d", c).doesNotContain(words);
                    }
                    assertThat(d.message()).as("case %d", c).doesNotContainPattern("missing .* at '"); // ANTLR's wording
                    if (d.pos() != null && d.pos().line() > 0) {
                        assertThat(d.pos().line()).as("case %d: %s", c, d.message()).isBetween(1, lines);
                        assertThat(d.pos().column()).isPositive();
                    }
                });
            }
        }, "a hang: the cases did not finish");
        // some mutants (a changed comment, a width) still compile: the mutations reach the compiler
        assertThat(compiled[0]).isBetween(CASES / 50, CASES - CASES / 5);
    }
}
