package netgrad.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PlanSummaryTest {
    @Test
    void lecture4SummaryShowsFormulasShapesCountsAndLines() {
        String summary = PlanSummary.render(Compiler.load(Path.of("specs/lecture4.net")).plan());
        assertThat(summary).isEqualTo("""
                network lecture4  (specs/lecture4.net:2:1)

                k  layer   computes                            W_k  b_k  a_k, h_k  params  line
                0  input   h0 = x                                        4xB
                1  hidden  a1 = b1 + W1·h0, h1 = logistic(a1)  3x4  3x1  3xB           15     4
                2  hidden  a2 = b2 + W2·h1, h2 = tanh(a2)      3x3  3x1  3xB           12     5
                3  output  a3 = b3 + W3·h2, ŷ = softmax(a3)    2x3  2x1  2xB            8     6
                                                                            total      35

                loss   cross_entropy: ℓ = −Σ_i y_i log ŷ_i, mean over the batch
                decay  none
                init   xavier: W_k ~ N(0, 2/(n_{k−1} + n_k)), b_k = 0, seed 42
                train  none
                """);
    }

    @Test
    void everyShippedSummaryFitsOneHundredColumns() throws IOException {
        for (Path spec : ShippedSpecsTest.specs().toList()) {
            String summary = PlanSummary.render(Compiler.load(spec).plan());
            assertThat(summary.lines()).as(spec.toString()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        }
    }

    @Test
    void leakySlopeDecayAndTrainingAreSpelledOut() {
        Plan plan = Compiler.compile("t.net", "network n {\n input 784\n hidden 3 leaky_relu(0.2)\n output 10 softmax\n"
                + " loss cross_entropy\n decay 0.0005\n train {\n  optimizer adam\n }\n}\n").plan();
        String summary = PlanSummary.render(plan);
        assertThat(summary).contains("h1 = leaky_relu(a1), slope 0.2")
                .contains("decay  λ = 0.0005, adds (λ/2) Σ_k ‖W_k‖² to the loss")
                .contains("train  fashion_mnist, validation 0.1, epochs 10, batch_size 32  (line 7)")
                .contains("optimizer adam (β1 0.9, β2 0.999, ε 1e-8), learning_rate 0.001");
    }
}
