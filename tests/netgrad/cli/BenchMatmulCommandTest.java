package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class BenchMatmulCommandTest {
    @Test
    void reportsEveryProductOfTheStepAndTheStepTime() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "bench", "matmul", "--repetitions", "1", "--min-ms", "0", "--warmup-ms", "0", "--batch", "3");
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("W1·h0  (128x784)(784x3)", "W3·h2", "dW1", "dW3", "dh1", "dh2", "multTransA", "multTransB")
                .contains("one step's products")
                .containsPattern("batch 3, 1 thread: [0-9.]+ ms/step");
    }

    @Test
    void refusesAZeroBatchWithAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "matmul", "--batch", "0");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--batch");
    }
}
