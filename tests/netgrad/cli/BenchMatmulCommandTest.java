package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import netgrad.testing.CliRun;

class BenchMatmulCommandTest {
    @Test
    void reportsEveryProductOfTheStepAndTheStepTime() {
        CliRun r = CliRun.of("bench", "matmul", "--repetitions", "1", "--min-ms", "0", "--warmup-ms", "0", "--batch", "3");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out())
                .contains("W1·h0  (128x784)(784x3)", "W3·h2", "dW1", "dW3", "dh1", "dh2", "multTransA", "multTransB")
                .contains("one step's products")
                .containsPattern("batch 3, 1 thread: [0-9.]+ ms/step");
    }

    @Test
    void refusesAZeroBatchWithAUsageError() {
        CliRun r = CliRun.of("bench", "matmul", "--batch", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--batch");
    }
}
