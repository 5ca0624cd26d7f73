package netgrad.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;

/**
 * The golden table {@code definition-errors.txt}: each spec with user-defined activations gives exactly the
 * listed errors, then exactly the listed warnings; a spec with warnings only still compiles.
 */
class DefinitionErrorsTest {
    record Case(String title, String spec, List<String> expected) {
        @Override
        public String toString() {
            return title;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        String table;
        try (var in = DefinitionErrorsTest.class.getResourceAsStream("/netgrad/dsl/definition-errors.txt")) {
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String title = null;
        StringBuilder spec = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (String line : table.split("\n", -1)) {
            if (line.startsWith("### ")) {
                if (title != null) {
                    cases.add(new Case(title, spec.toString(), expected));
                }
                title = line.substring(4);
                spec.setLength(0);
                expected = new ArrayList<>();
            } else if (line.startsWith(">>> ")) {
                expected.add(line.substring(4));
            } else if (title != null && expected.isEmpty()) {
                spec.append(line).append('\n');
            }
        }
        cases.add(new Case(title, spec.toString(), expected));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void definitionGivesExactlyTheListedDiagnostics(Case c) {
        Compilation result = Compiler.compile("case.net", c.spec());

        List<String> found = new ArrayList<>();
        result.diagnostics().forEach(d -> found.add(d.pos().line() + ":" + d.pos().column() + " " + d.message()));
        result.warnings().forEach(d -> found.add("warning " + d.pos().line() + ":" + d.pos().column() + " "
                + d.message()));
        assertThat(found).containsExactlyElementsOf(c.expected());
        boolean warningsOnly = c.expected().stream().allMatch(e -> e.startsWith("warning "));
        assertThat(result.ok()).isEqualTo(warningsOnly);
    }

    @Test
    void tableHoldsEveryKindOfMistake() throws IOException {
        assertThat(cases().toList()).hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy(c -> assertThat(c.expected()).as(c.title()).isNotEmpty());
    }

    @Test
    void aWarningRendersAsAWarning() {
        Compilation result = Compiler.compile("w.net", "activation f(z) = z\n  derivative 1\n"
                + "network x { input 2; hidden 2 tanh; output 2 softmax; loss cross_entropy }\n");
        assertThat(result.render()).startsWith("w.net:1:12: warning: activation 'f' is defined but no layer uses it\n"
                + "activation f(z) = z\n           ^");
    }
}
