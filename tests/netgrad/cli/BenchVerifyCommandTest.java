package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class BenchVerifyCommandTest {
    @Test
    void benchChecksAll25450ParametersAndReportsTheBaseline() {
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "bench", "verify", "--batch", "2", "--warmup", "0", "--repetitions", "1", "--baseline", "3");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("25,450 parameters, batch of 2")
                .contains("finite differences of all parameters").contains("baseline: brute force")
                .contains("measured on the first 3 entries of W1").contains("verify agrees: true (25,598 entries compared"); // 25,450 parameters + a_1, h_1 (32×2) + a_2 (10×2)
    }

    @Test
    void nonsensicalRepetitionsAreAUsageError() {
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "bench", "verify", "--repetitions", "0");
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("netgrad bench verify:");
    }
}
