package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import netgrad.testing.CliRun;

/**
 * netgrad.cli.Main builds only the command a run names (a faster start); the usage, help and a mistyped
 * command still see every command, in the order a user meets them.
 */
class MainCommandsTest {
    private static final String[] COMMANDS = {"check", "plan", "verify", "problem", "explain", "graph", "train", "evaluate", "export",
        "bench"};

    @Test
    void aRunNamingACommandBuildsThatCommandAlone() {
        assertThat(Main.commandLine("verify").getSubcommands().keySet()).containsExactly("verify");
        assertThat(Main.commandLine("bench").getSubcommands().get("bench").getSubcommands()).containsKey("epoch");
        for (String first : new String[] {"", "help", "--help", "verfy"}) {
            assertThat(Main.commandLine(first).getSubcommands().keySet()).as(first)
                    .containsExactly("help", "check", "plan", "verify", "problem", "explain", "graph", "train", "evaluate", "export",
                            "bench");
        }
    }

    @Test
    void theUsageListsEveryCommandInOrder() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help"}}) {
            CliRun r = CliRun.of(args);
            String usage = r.out() + r.err();
            int at = usage.indexOf("Commands:");
            assertThat(at).as(String.join(" ", args)).isPositive();
            for (String command : COMMANDS) {
                int next = usage.indexOf("\n  " + command + " ", at);
                assertThat(next).as(command).isGreaterThan(at);
                at = next;
            }
        }
    }

    @Test
    void helpOfOneCommandAndAMistypedCommandStillWork() {
        CliRun help = CliRun.of("help", "verify");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: netgrad verify");

        CliRun typo = CliRun.of("verfy", "specs/lecture4.net");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("Unmatched arguments from index 0: 'verfy'");
    }

    @Test
    void aCommandRunAloneReportsItsQualifiedName() {
        CliRun r = CliRun.of("plan", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: netgrad plan");
        CliRun bad = CliRun.of("check", "--no-such-flag");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Try 'netgrad check --help'");
    }
}
