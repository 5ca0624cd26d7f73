package netgrad.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TapeBenchTest {
    @Test
    void measureReportsPositiveMediansAndAFiniteLoss() {
        TapeBench.Result r = TapeBench.measure(4, 1, 3, 1);
        assertThat(r.tapeNanos()).isPositive();
        assertThat(r.productsNanos()).isPositive();
        assertThat(r.backpropNanos()).isPositive();
        assertThat(Double.isFinite(r.loss())).isTrue();
        assertThat(r.loss()).isPositive();
    }
}
