package netgrad.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;

/** The golden table {@code errors.txt}: each invalid spec gives exactly the listed diagnostics, in order. */
class SpecErrorsTest {
    /** One case of the table: a title, the spec text and the expected "LINE:COL message" lines. */
    record Case(String title, String spec, List<String> expected) {
        @Override
        public String toString() {
            return title;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = SpecErrorsTest.class.getResourceAsStream("/netgrad/dsl/errors.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String title = null;
            StringBuilder spec = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("### ")) {
                    if (title != null) {
                        cases.add(make(title, spec, expected));
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
            cases.add(make(title, spec, expected));
        }
        return cases.stream();
    }

    private static Case make(String title, StringBuilder spec, List<String> expected) {
        String text = spec.toString();
        if (title.endsWith(" [crlf]")) {
            text = text.replace("\n", "\r\n");
        }
        return new Case(title, text, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidSpecGivesExactlyTheListedDiagnostics(Case c) {
        Compilation result = Compiler.compile("case.net", c.spec());

        assertThat(result.ok()).isFalse();
        assertThat(result.diagnostics())
                .extracting(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message())
                .containsExactlyElementsOf(c.expected());
        assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.pos().file()).isEqualTo("case.net"));
    }

    @org.junit.jupiter.api.Test
    void tableHoldsAtLeastThirtyCasesEachExpectingAnError() throws IOException {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all).allSatisfy(c -> assertThat(c.expected()).as(c.title()).isNotEmpty());
    }
}
