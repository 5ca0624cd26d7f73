package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import netgrad.testing.CliRun;

class BenchTapeCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void benchTapePrintsBothTimesTheRatioAndTheTapeSize() {
        CliRun r = run("bench", "tape", "--batch", "2", "--warmup", "0", "--repetitions", "1");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("batch 2", "tape: Recorder.record", "floor: the 8 matrix products", "ratio tape / floor", "backprop: Backprop.gradients", "ratio tape / backprop")
                .containsPattern("nodes on the tape +38");
    }

    @Test
    void theSameSeedGivesTheSameLossChecksum() {
        String first = run("bench", "tape", "--batch", "3", "--warmup", "0", "--repetitions", "1", "--seed", "5").out();
        String second = run("bench", "tape", "--batch", "3", "--warmup", "0", "--repetitions", "1", "--seed", "5").out();
        String other = run("bench", "tape", "--batch", "3", "--warmup", "0", "--repetitions", "1", "--seed", "6").out();
        assertThat(lossLine(second)).isEqualTo(lossLine(first));
        assertThat(lossLine(other)).isNotEqualTo(lossLine(first));
    }

    @Test
    void aRepetitionCountBelowOneIsAUsageError() {
        CliRun r = run("bench", "tape", "--repetitions", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--repetitions must be at least 1");
        assertThat(r.out()).isEmpty();
    }

    private static String lossLine(String out) {
        return out.lines().filter(l -> l.contains("loss (checksum)")).findFirst().orElseThrow();
    }
}
