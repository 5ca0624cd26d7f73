package netgrad.graph;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.cli.ExitCodes;
import netgrad.cli.SpecFiles;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/** The lecture's chain as a graph, its own layout, and {@code netgrad graph}'s default level. */
class LayerGraphTest {
    /** A slide's long side. */
    static final int SLIDE = 1600;

    static Plan load(String spec) {
        return SpecFiles.load(Path.of(spec), new PrintWriter(new StringWriter()));
    }

    static Plan written(Path dir, String text) throws IOException {
        Path spec = dir.resolve("s.net");
        Files.writeString(spec, text);
        return load(spec.toString());
    }

    @AfterEach
    void clearOverride() {
        System.clearProperty(Graphviz.PROPERTY);
    }

    @Test
    void lecture4IsTheChainWithItsParametersAndShapes() {
        LayerGraph g = LayerGraph.of(load("specs/lecture4.net"));
        assertThat(g.chain().stream().map(LayerGraph.Node::label))
                .containsExactly("x", "a₁", "h₁", "a₂", "h₂", "a₃", "ŷ", "ℒ");
        assertThat(g.chain().stream().map(LayerGraph.Node::shape))
                .containsExactly("[4]", "[3]", "[3]", "[3]", "[3]", "[2]", "[2]", "[1]");
        assertThat(g.parameters().stream().map(n -> n.label() + " " + n.shape() + " → " + n.attached()))
                .containsExactly("W₁ [3×4] → a1", "b₁ [3] → a1", "W₂ [3×3] → a2", "b₂ [3] → a2", "W₃ [2×3] → a3",
                        "b₃ [2] → a3");
        assertThat(g.edges()).contains(new LayerGraph.Edge("a1", "h1", "logistic"), new LayerGraph.Edge("a2", "h2", "tanh"),
                new LayerGraph.Edge("a3", "yhat", "softmax"), new LayerGraph.Edge("yhat", "L", "cross entropy"),
                new LayerGraph.Edge("h2", "a3", "W·h+b"), new LayerGraph.Edge("W3", "a3", "·"));
        assertThat(g.edges()).hasSize(7 + 6);
    }

    @Test
    void lecture4FitsOneSlideInOneRow() {
        LayerSvg.Layout layout = LayerSvg.layout(LayerGraph.of(load("specs/lecture4.net")));
        assertThat(Math.max(layout.width(), layout.height())).isLessThan(SLIDE);
        assertThat(layout.boxes().get("x").y()).isEqualTo(layout.boxes().get("L").y());
    }

    @Test
    void noTwoBoxesOverlapAndEveryBoxIsInsideThePicture() {
        for (String spec : List.of("specs/lecture4.net", "specs/deep.net", "specs/xor.net", "specs/fashion-mlp.net")) {
            LayerSvg.Layout layout = LayerSvg.layout(LayerGraph.of(load(spec)));
            List<LayerSvg.Box> boxes = List.copyOf(layout.boxes().values());
            for (int i = 0; i < boxes.size(); i++) {
                LayerSvg.Box a = boxes.get(i);
                assertThat(a.x()).as(spec).isGreaterThanOrEqualTo(0);
                assertThat(a.x() + a.w()).as(spec).isLessThanOrEqualTo(layout.width());
                assertThat(a.y() + a.h()).as(spec).isLessThanOrEqualTo(layout.height());
                for (int j = i + 1; j < boxes.size(); j++) {
                    LayerSvg.Box b = boxes.get(j);
                    boolean apart = a.x() + a.w() <= b.x() || b.x() + b.w() <= a.x() || a.y() + a.h() <= b.y()
                            || b.y() + b.h() <= a.y();
                    assertThat(apart).as(spec + ": " + a + " and " + b).isTrue();
                }
            }
        }
    }

    @Test
    void deepWrapsIntoRowsOfAtMostTheMaximumWidth() {
        LayerSvg.Layout layout = LayerSvg.layout(LayerGraph.of(load("specs/deep.net")));
        assertThat(layout.width()).isLessThan(SLIDE);
        assertThat(layout.height()).isLessThan(SLIDE);
        assertThat(layout.boxes().get("L").y()).isGreaterThan(layout.boxes().get("x").y());
        assertThat(LayerGraph.of(load("specs/deep.net")).chain()).noneMatch(n -> n.kind() == LayerGraph.Kind.SUMMARY);
    }

    @Test
    void aThousandLayersOfARepeatedBlockBecomeOneSummary(@TempDir Path dir) throws IOException {
        Plan plan = written(dir, "network big {\n  input 6\n  hidden 16 tanh\n  repeat 499 {\n    hidden 16 tanh\n"
                + "    hidden 16 logistic\n  }\n  output 4 softmax\n  loss cross_entropy\n}\n");
        assertThat(plan.depth()).isEqualTo(1000);
        LayerGraph g = LayerGraph.of(plan);
        List<LayerGraph.Node> summaries = g.chain().stream().filter(n -> n.kind() == LayerGraph.Kind.SUMMARY).toList();
        assertThat(summaries).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("a₄ … h₉₉₉");
            assertThat(s.shape()).isEqualTo("498 × (tanh [16], logistic [16])");
        });
        assertThat(g.chain()).hasSize(1 + 2 * 3 + 1 + 1 + 2);
        LayerSvg.Layout layout = LayerSvg.layout(g);
        assertThat(Math.max(layout.width(), layout.height())).isLessThan(SLIDE);
    }

    @Test
    void aRunOfOneRepeatedLayerToo(@TempDir Path dir) throws IOException {
        Plan plan = written(dir, "network run {\n  input 6\n  repeat 998 {\n    hidden 16 tanh\n  }\n  hidden 8 relu\n"
                + "  output 4 softmax\n  loss cross_entropy\n}\n");
        LayerGraph g = LayerGraph.of(plan);
        assertThat(g.chain().stream().map(LayerGraph.Node::label))
                .containsExactly("x", "a₁", "h₁", "a₂", "h₂", "a₃ … h₉₉₈", "a₉₉₉", "h₉₉₉", "a₁₀₀₀", "ŷ", "ℒ");
    }

    @Test
    void theSvgIsEscapedAndDeterministic() {
        Plan plan = load("specs/lecture4.net");
        String svg = LayerSvg.svg(LayerGraph.of(plan));
        assertThat(svg).startsWith("<?xml").contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .endsWith("</svg>\n").isEqualTo(LayerSvg.svg(LayerGraph.of(plan)));
        assertThat(LayerSvg.escape("<a & \"b\">")).isEqualTo("&lt;a &amp; &quot;b&quot;&gt;");
    }

    @Test
    void graphDrawsTheLayersByDefault(@TempDir Path dir) throws IOException {
        CliRun dot = CliRun.of("graph", "specs/lecture4.net");
        assertThat(dot.code()).isEqualTo(ExitCodes.OK);
        assertThat(dot.out()).startsWith("digraph \"lecture4\" {").contains("rankdir=LR").contains("\"W1\" -> \"a1\"")
                .doesNotContain("%");
        Path svg = dir.resolve("g.svg");
        System.setProperty(Graphviz.PROPERTY, "none");
        CliRun run = CliRun.of("graph", "specs/deep.net", "-o", svg.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(svg, StandardCharsets.UTF_8))
                .isEqualTo(LayerSvg.svg(LayerGraph.of(load("specs/deep.net"))));
    }

    @Test
    void withoutDotAPngRequestGetsTheSvgAndExit1(@TempDir Path dir) throws IOException {
        System.setProperty(Graphviz.PROPERTY, "none");
        Path png = dir.resolve("g.png");
        CliRun run = CliRun.of("graph", "specs/xor.net", "-o", png.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(png).doesNotExist();
        assertThat(Files.readString(dir.resolve("g.svg"), StandardCharsets.UTF_8)).contains("<svg");
        assertThat(run.err()).contains("netgrad's own layout").contains("install Graphviz");
    }

    @Test
    void theTapeGraphIsLevelOpsAndTheLayerLevelTakesNoExampleOptions() {
        assertThat(CliRun.of("graph", "specs/xor.net", "--level", "ops").out()).contains("[L]").contains("%0 ");
        CliRun run = CliRun.of("graph", "specs/xor.net", "--seed", "3");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--seed goes with --level ops");
    }
}
