package netgrad.fd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The three engines are peers: finite differences, backprop and the tape import nothing of one another (nor of
 * the comparison above them), so a bug in one cannot hide in another; and check/ never reaches up into explain/.
 */
class PeerEngineTest {
    private static final Path SOURCES = Path.of("src/main/java/netgrad");

    @Test
    void theThreeEnginesImportNothingOfOneAnother() throws IOException {
        assertThat(imports("fd")).noneMatch(i -> i.startsWith("netgrad.backprop.") || i.startsWith("netgrad.tape.")
                || i.startsWith("netgrad.check."));
        assertThat(imports("backprop")).noneMatch(i -> i.startsWith("netgrad.fd.") || i.startsWith("netgrad.tape.")
                || i.startsWith("netgrad.check."));
        assertThat(imports("tape")).noneMatch(i -> i.startsWith("netgrad.fd.") || i.startsWith("netgrad.backprop.")
                || i.startsWith("netgrad.check."));
    }

    @Test
    void checkDoesNotImportExplainAndProblemImportsNeitherOfThem() throws IOException {
        assertThat(imports("check")).isNotEmpty().noneMatch(i -> i.startsWith("netgrad.explain."));
        assertThat(imports("problem")).isNotEmpty().noneMatch(i -> i.startsWith("netgrad.explain.")
                || i.startsWith("netgrad.check."));
    }

    /** Every {@code import netgrad.…} (also static, also fully qualified names in code) of a package's sources. */
    private static List<String> imports(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(PeerEngineTest::references).toList();
        }
    }

    private static Stream<String> references(Path file) {
        try {
            String text = Files.readString(file);
            return java.util.regex.Pattern.compile("netgrad\\.[a-z]+\\.[A-Za-z]+").matcher(text).results()
                    .map(m -> m.group());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
