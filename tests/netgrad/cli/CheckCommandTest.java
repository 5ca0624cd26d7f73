package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import netgrad.testing.CliRun;

/** The check and plan commands run in-process: exit codes, stdout and stderr. */
class CheckCommandTest {

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void validSpecsExitZeroAndReportTheirParameterCounts() {
        CliRun r = run("check", "specs/lecture4.net", "specs/fashion-mlp.net");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("specs/lecture4.net: ok (35 parameters)%nspecs/fashion-mlp.net: ok (269,322 parameters)%n"
                .formatted());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void oneInvalidSpecAmongValidOnesExits65WithItsDiagnosticsOnStderr() throws IOException {
        Path bad = dir.resolve("bad.net");
        Files.writeString(bad, "network x {\n  input 4\n  hidden 3 sigmod\n  output 2 softmx\n  loss cross_entropy\n}\n");
        CliRun r = run("check", "specs/xor.net", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEqualTo("specs/xor.net: ok (17 parameters)%n".formatted());
        assertThat(r.err()).contains(bad + ":3:12: error: unknown activation 'sigmod' (did you mean 'sigmoid'?)\n"
                + "  hidden 3 sigmod\n           ^~~~~~\n");
        assertThat(r.err()).contains(bad + ":4:12: error: unknown output function 'softmx' (did you mean 'softmax'?)");
    }

    @Test
    void missingFileExits65WithOneLine() {
        CliRun r = run("check", dir.resolve("missing.net").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).isEqualTo(dir.resolve("missing.net") + ": error: no such file\n");
    }

    @Test
    void directoryAndBinaryFilesExit65WithoutStackTraces() throws IOException {
        Path binary = dir.resolve("x.net");
        Files.write(binary, new byte[] {0, 1, 2, (byte) 0xff});
        CliRun r = run("check", dir.toString(), binary.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("is a directory").contains("x.net:1:1: error: binary data (a NUL byte), not a spec")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void checkWithoutFilesIsAUsageError() {
        CliRun r = run("check");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required parameter");
    }

    @Test
    void netgradWithoutACommandPrintsTheUsageAsAUsageError() {
        CliRun r = run();
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: netgrad", "verify", "Exit codes:");
    }

    @Test
    void helpListsTheExitCodes() {
        for (String command : new String[] {"check", "plan"}) {
            CliRun r = run(command, "--help");
            assertThat(r.code()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("Usage: netgrad " + command).contains("65  invalid spec");
        }
    }

    @Test
    void planPrintsTheSummaryOfAValidSpec() {
        CliRun r = run("plan", "specs/lecture4.net");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("network lecture4").contains("a1 = b1 + W1·h0, h1 = logistic(a1)")
                .contains("total      35");
    }

    @Test
    void planOfAnInvalidSpecExits65() throws IOException {
        Path bad = dir.resolve("bad.net");
        Files.write(bad, "network x {\n}\n".getBytes(StandardCharsets.UTF_8));
        CliRun r = run("plan", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("missing 'input'");
    }

    @Test
    void planWithTwoFilesIsAUsageError() {
        assertThat(run("plan", "specs/xor.net", "specs/binary.net").code()).isEqualTo(ExitCodes.USAGE);
    }

    /** {@code check -} reads the spec from standard input; its diagnostics name it {@code <stdin>}. */
    static CliRun withStdin(String text, String... args) {
        java.io.InputStream saved = System.in;
        System.setIn(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void dashReadsTheSpecFromStandardInput() throws IOException {
        CliRun ok = withStdin(Files.readString(Path.of("specs/xor.net")), "check", "-", "specs/lecture4.net");
        assertThat(ok.code()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).isEqualTo("<stdin>: ok (17 parameters)%nspecs/lecture4.net: ok (35 parameters)%n".formatted());

        CliRun bad = withStdin("network x {\n  input 4\n  hidden 3 sigmod\n  output 2 softmax\n  loss cross_entropy\n}\n",
                "check", "-");
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).startsWith("<stdin>:3:12: error: unknown activation 'sigmod' (did you mean 'sigmoid'?)\n");

        CliRun binary = withStdin("\0", "check", "-");
        assertThat(binary.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(binary.err()).startsWith("<stdin>:1:1: error: binary data");
    }

    @Test
    void standardInputIsReadOnlyOnce() {
        CliRun r = withStdin("", "check", "-", "-");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("standard input (-) can be read only once");
    }
}
