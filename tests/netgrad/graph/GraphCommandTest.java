package netgrad.graph;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.cli.ExitCodes;
import netgrad.cli.Main;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netgrad graph}: DOT to stdout or a file, pictures through dot, and a clear note when dot is missing. */
class GraphCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @AfterEach
    void clearOverride() {
        System.clearProperty(Graphviz.PROPERTY);
    }

    @Test
    void printsDotOnStandardOutput() {
        assertThat(run("graph", "specs/xor.net", "--level", "ops")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("digraph \"xor\" {").contains("[L]");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void writesDotFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g.dot");
        assertThat(run("graph", "specs/xor.net", "--level", "ops", "-o", file.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("digraph \"xor\" {");
        assertThat(out.toString()).isEqualTo("wrote " + file + System.lineSeparator());
    }

    @Test
    void anUnwritableOutputSaysWhyWithoutTheTemporaryFilesName(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "a file, not a directory");
        for (String name : new String[] {"g.dot", "g.svg"}) {
            Path target = plain.resolve(name);
            for (String level : new String[] {"ops", "layers"}) {
                err.getBuffer().setLength(0);
                assertThat(run("graph", "specs/xor.net", "--level", level, "-o", target.toString())).as(name)
                        .isEqualTo(ExitCodes.USAGE);
                assertThat(err.toString()).as(name + " " + level).startsWith("netgrad: -o " + target + ": " + plain
                        + " is not a directory" + System.lineSeparator());
            }
        }
    }

    @Test
    void rendersSvgWhenDotIsInstalled(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Graphviz.dot().isPresent(), "Graphviz's dot is not installed");
        Path file = dir.resolve("g.svg");
        assertThat(run("graph", "specs/lecture4.net", "--level", "ops", "-o", file.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("<svg");
    }

    @Test
    void withoutDotWritesTheDotFileAndSaysHowToInstallGraphviz(@TempDir Path dir) throws IOException {
        System.setProperty(Graphviz.PROPERTY, "none");
        Path file = dir.resolve("g.png");
        assertThat(run("graph", "specs/xor.net", "--level", "ops", "-o", file.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(file).doesNotExist();
        assertThat(Files.readString(dir.resolve("g.dot"), StandardCharsets.UTF_8)).startsWith("digraph");
        assertThat(err.toString()).contains("sudo apt-get install graphviz").contains("dot -Tpng");
    }

    @Test
    void refusesUnknownPictureFormats(@TempDir Path dir) {
        assertThat(run("graph", "specs/xor.net", "-o", dir.resolve("g.pdf").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("use a .dot, .svg or .png file");
    }

    @Test
    void missingSpecExits65() {
        assertThat(run("graph", "specs/no-such.net")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).isEmpty();
    }
}
