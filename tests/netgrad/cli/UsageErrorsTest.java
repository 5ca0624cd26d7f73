package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.testing.CliRun;

/** Flags that picocli accepts but a command refuses give picocli's usage-error form: one line, a hint, exit 2. */
class UsageErrorsTest {
    private static final String LECTURE4 = "specs/lecture4.net";

    private record Case(String message, String command, String... args) {}

    @Test
    void everyCommandsOwnFlagChecksGiveOneFormAndExit2() {
        List<Case> cases = List.of(
                new Case("--batch must be a whole number from 1 to", "verify", "verify", LECTURE4, "--batch", "0"),
                new Case("--sweep and --self-test cannot be combined", "verify", "verify", LECTURE4, "--sweep", "--self-test"),
                new Case("choose one of --trace and --mistakes", "explain", "explain", LECTURE4, "--trace", "--mistakes"),
                new Case("--seed goes with --trace or --mistakes", "explain", "explain", LECTURE4, "--seed", "3"),
                new Case("cannot write 'g.pdf': use a .dot, .svg or .png file", "graph", "graph", LECTURE4, "-o", "g.pdf"),
                new Case("--epochs must be at least 1", "train", "train", LECTURE4, "-e", "0"),
                new Case("--threads must be at least 1", "train", "train", LECTURE4, "--threads", "0"),
                new Case("--repetitions and --batch must be at least 1", "bench matmul", "bench", "matmul", "--batch", "0"),
                new Case("--batch and --repetitions must be at least 1", "bench tape", "bench", "tape", "--repetitions", "0"),
                new Case("--batch, --repetitions and --baseline must be at least 1", "bench verify",
                        "bench", "verify", "--baseline", "0"),
                new Case("--epochs and --batch must be at least 1", "bench epoch", "bench", "epoch", "--epochs", "0"),
                new Case("unknown activation 'swish' (tanh, relu or mytanh)", "bench epoch", "bench", "epoch", "--activation", "swish",
                        "--synthetic-only", "--modes", "ONE"));
        for (Case c : cases) {
            CliRun r = CliRun.of(c.args());
            String what = String.join(" ", c.args());
            assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            List<String> lines = r.err().lines().toList();
            assertThat(lines).as(what).hasSize(2);
            assertThat(lines.get(0)).as(what).startsWith("netgrad: " + c.message());
            assertThat(lines.get(1)).as(what).isEqualTo("Try 'netgrad " + c.command() + " --help' for more information.");
            assertThat(r.out()).as(what).doesNotContain("netgrad:");
        }
    }

    @Test
    void aFlagPicocliItselfRefusesHasTheSameForm() {
        CliRun r = CliRun.of("verify", LECTURE4, "--step", "abc");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("netgrad: ").contains("Try 'netgrad verify --help' for more information.");
    }
}
