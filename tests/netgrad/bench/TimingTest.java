package netgrad.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValueAndLeavesTheArrayAlone() {
        long[] nanos = {30, 10, 20};
        assertThat(Timing.median(nanos)).isEqualTo(20.0);
        assertThat(nanos).containsExactly(30, 10, 20);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Timing.median(new long[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
