package netgrad.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;

/** Files that are not specs at all get one clear diagnostic each, never an exception. */
class SourceTextTest {
    private static final String VALID = "network x {\n  input 2\n  output 2 softmax\n  loss cross_entropy\n}\n";

    @TempDir
    Path dir;

    private Compilation load(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return Compiler.load(file);
    }

    private static String headline(Compilation c) {
        assertThat(c.diagnostics()).hasSize(1);
        return c.diagnostics().get(0).headline();
    }

    @Test
    void missingFileIsReportedWithoutPosition() {
        Compilation c = Compiler.load(dir.resolve("nope.net"));
        assertThat(c.ok()).isFalse();
        assertThat(headline(c)).isEqualTo(dir.resolve("nope.net") + ": error: no such file");
    }

    @Test
    void directoryIsReported() {
        assertThat(headline(Compiler.load(dir))).isEqualTo(dir + ": error: is a directory, not a spec file");
    }

    @Test
    void nulBytesAreReportedAsBinaryDataAtTheirPosition() throws IOException {
        byte[] bytes = "network x {\n  in\0put 2\n".getBytes(StandardCharsets.UTF_8);
        assertThat(headline(load("bin.net", bytes))).endsWith("bin.net:2:5: error: binary data (a NUL byte), not a spec");
    }

    @Test
    void latin1TextIsReportedAsNotUtf8WithLineAndColumn() throws IOException {
        byte[] bytes = "# caf\u00e9\nnetwork x {\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(headline(load("latin1.net", bytes)))
                .endsWith("latin1.net:1:6: error: not UTF-8 text (byte 0xE9); save the spec as UTF-8");
    }

    @Test
    void randomBinaryGarbageNeverThrows() throws IOException {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 50; trial++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            Compilation c = load("garbage" + trial + ".net", bytes);
            assertThat(c.ok()).isFalse();
            assertThat(c.diagnostics()).isNotEmpty();
        }
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        Compilation c = load("bom.net", ("\uFEFF" + VALID).getBytes(StandardCharsets.UTF_8));
        assertThat(c.diagnostics()).isEmpty();
        assertThat(c.plan().pos().column()).isEqualTo(1);
    }

    @Test
    void crlfLineEndsCompileAndKeepLineNumbers() throws IOException {
        Compilation c = load("crlf.net", VALID.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(c.diagnostics()).isEmpty();
        assertThat(c.plan().output().pos().line()).isEqualTo(3);
    }

    @Test
    void tooLargeFileIsRefusedUnread() throws IOException {
        byte[] bytes = new byte[(int) SourceText.MAX_BYTES + 1];
        java.util.Arrays.fill(bytes, (byte) '#');
        assertThat(headline(load("big.net", bytes))).contains("file too large for a spec");
    }

    @Test
    void anEndlessDeviceIsRefusedAsTooLargeInsteadOfFillingTheHeap() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        Diagnostics diagnostics = new Diagnostics("/dev/zero");
        assertThat(SourceText.read(zero, diagnostics)).isNull();
        assertThat(diagnostics.list()).extracting(Diagnostic::headline)
                .containsExactly("/dev/zero: error: file too large for a spec (more than " + SourceText.MAX_BYTES + " bytes)");
    }

    @Test
    void namesMayUseNonAsciiLettersSoAMisspeltNameGetsASuggestionNotACascade() {
        Compilation valid = Compiler.compile("u.net", "network caf\u00e9 {\n  input 2\n  output 2 softmax\n  loss cross_entropy\n}\n");
        assertThat(valid.diagnostics()).isEmpty();
        assertThat(valid.plan().name()).isEqualTo("caf\u00e9");
        Compilation typo = Compiler.compile("u.net", "network \u00fc {\n  input 2\n  hidden 3 rel\u00fc\n  output 2 softmax\n"
                + "  loss cross_entropy\n}\n");
        assertThat(typo.diagnostics()).extracting(Diagnostic::headline)
                .containsExactly("u.net:3:12: error: unknown activation 'rel\u00fc' (did you mean 'relu'?)");
    }
}
