package netgrad.graph;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.cli.SpecFiles;
import netgrad.model.Initializer;
import netgrad.plan.Plan;
import netgrad.problem.Examples;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

import static org.assertj.core.api.Assertions.assertThat;

/** The DOT of a tape is well formed, names the plan's quantities, and renders with Graphviz when it is installed. */
class DotGraphTest {
    private static final Pattern NODE = Pattern.compile("^  (n\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.MULTILINE);
    private static final Pattern EDGE = Pattern.compile("^  (n\\d+) -> (n\\d+);$", Pattern.MULTILINE);

    static Recording lecture4() {
        Plan plan = SpecFiles.load(Path.of("specs/lecture4.net"), new PrintWriter(new StringWriter()));
        return Recorder.record(plan, Initializer.initialize(plan), Examples.seeded(plan, 1));
    }

    @Test
    void dotIsWellFormedWithOneNodePerTapeEntryAndEveryEdgeDeclared() {
        Recording recording = lecture4();
        String dot = DotGraph.of(recording.tape(), "lecture4", "a \"quoted\" caption\nsecond line");

        assertThat(dot).startsWith("digraph \"lecture4\" {\n").endsWith("}\n");
        assertThat(braceDepthOutsideStrings(dot)).isZero();
        Set<String> declared = new HashSet<>();
        Matcher nodes = NODE.matcher(dot);
        while (nodes.find()) {
            assertThat(declared.add(nodes.group(1))).as("declared once: " + nodes.group(1)).isTrue();
        }
        assertThat(declared).hasSize(recording.tape().nodes().size());
        List<String> edges = new ArrayList<>();
        Matcher edge = EDGE.matcher(dot);
        while (edge.find()) {
            assertThat(declared).contains(edge.group(1), edge.group(2));
            edges.add(edge.group(1) + "->" + edge.group(2));
        }
        int inputs = recording.tape().nodes().stream().mapToInt(n -> n.inputs().size()).sum();
        assertThat(edges).hasSize(inputs);
    }

    @Test
    void nodesShowOpPlanNameValueAndGradient() {
        String dot = DotGraph.of(lecture4().tape(), "lecture4", "");
        for (String name : List.of("x", "W1", "b1", "a1", "h1", "a2", "h2", "a3", "ŷ", "L")) {
            assertThat(dot).contains("  [" + name + "]");
        }
        assertThat(dot).contains("%0 constant  [x]\\nvalue (4x1) ");
        assertThat(dot).containsPattern("parameter  \\[W1\\]\\\\nvalue \\(3x4\\) [-0-9.e]+, .*\\\\ngrad \\(3x4\\) ");
        assertThat(dot).containsPattern("\\[L\\]\\\\nvalue [0-9.]+\\\\ngrad 1.00\"");
    }

    @Test
    void previewShowsShapeAndFirstEntries() {
        assertThat(DotGraph.preview(netgrad.linalg.Matrix.column(0.5972))).isEqualTo("0.597");
        assertThat(DotGraph.preview(netgrad.linalg.Matrix.column(1, -2))).isEqualTo("(2x1) 1.00, -2.00");
        assertThat(DotGraph.preview(netgrad.linalg.Matrix.column(1, 2, 3, 4))).isEqualTo("(4x1) 1.00, 2.00, 3.00, …");
    }

    @Test
    void dotRendersToSvgWithGraphviz(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Graphviz.dot().isPresent(), "Graphviz's dot is not installed");
        Path svg = dir.resolve("tape.svg");
        Graphviz.render(Graphviz.dot().get(), DotGraph.of(lecture4().tape(), "lecture4", "caption"), "svg", svg);
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(text).contains("<svg").contains("[a1]").contains("</svg>");
    }

    /** Brace depth at the end of the text, ignoring braces inside quoted strings; −1 if it ever went negative. */
    static int braceDepthOutsideStrings(String dot) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < dot.length(); i++) {
            char c = dot.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '{' || c == '}')) {
                depth += c == '{' ? 1 : -1;
                if (depth < 0) {
                    return -1;
                }
            }
        }
        return quoted ? -1 : depth;
    }
}
