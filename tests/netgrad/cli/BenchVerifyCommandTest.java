package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import netgrad.testing.CliRun;

class BenchVerifyCommandTest {
    @Test
    void benchChecksAll25450ParametersAndReportsTheBaseline() {
        CliRun r = CliRun.of("bench", "verify", "--batch", "2", "--warmup", "0", "--repetitions", "1", "--baseline", "3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("25,450 parameters, batch of 2")
                .contains("finite differences of all parameters").contains("baseline: brute force")
                .contains("measured on the first 3 entries of W1").contains("verify agrees: true (25,598 entries compared"); // 25,450 parameters + a_1, h_1 (32×2) + a_2 (10×2)
    }

    @Test
    void nonsensicalRepetitionsAreAUsageError() {
        CliRun r = CliRun.of("bench", "verify", "--repetitions", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("netgrad: --batch, --repetitions and --baseline must be at least 1")
                .contains("Try 'netgrad bench verify --help'");
    }
}
