package netgrad.explain;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;

import static org.assertj.core.api.Assertions.assertThat;

/** The symbolic derivation for plans built in code: every output/loss pair and summarised deep networks. */
class DerivationsTest {
    static String text(Plan plan) {
        return TextRenderer.render(Derivations.of(plan, "<code>"));
    }

    /** The text with every run of white space (the renderer's line wrapping) as one space. */
    static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    static Plan plan(OutputFunction o, Loss loss, Activation... hidden) {
        int[] sizes = new int[hidden.length + 2];
        java.util.Arrays.fill(sizes, 3);
        return Plan.of("t", sizes, List.of(hidden), o, loss, 0, Init.xavier(1));
    }

    @Test
    void softmaxCrossEntropySimplifiesToMinusEOfYMinusYhat() {
        String t = text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, new Activation.Tanh()));
        assertThat(t).contains("∂ℓ/∂a₂,ᵢ = −(𝟙[i = y] − ŷᵢ)").contains("∇_{a₂}ℓ = −(e(y) − ŷ)");
    }

    @Test
    void softmaxSquaredErrorKeepsTheJacobianForm() {
        String t = text(plan(OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, new Activation.Tanh()));
        assertThat(t).contains("J = diag(ŷ) − ŷ ŷᵀ").contains("∇_{a₂}ℓ = J (ŷ − e(y))");
    }

    @Test
    void logisticBinaryCrossEntropyAndIdentitySquaredErrorGiveYhatMinusY() {
        assertThat(text(plan(OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY, new Activation.Relu())))
                .contains("∂ℓ/∂a₂,ᵢ = ŷᵢ − yᵢ").contains("∇_{a₂}ℓ = ŷ − y");
        assertThat(text(plan(OutputFunction.IDENTITY, Loss.SQUARED_ERROR, new Activation.Relu())))
                .contains("∇_{a₂}ℓ = ŷ − y");
        assertThat(text(plan(OutputFunction.LOGISTIC, Loss.SQUARED_ERROR, new Activation.Relu())))
                .contains("∇_{a₂}ℓ = (ŷ − y) ⊙ ŷ ⊙ (1 − ŷ)");
    }

    @Test
    void everyActivationUsedGetsItsDerivativeOnce() {
        String t = text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, new Activation.Logistic(), new Activation.Softplus(),
                new Activation.LeakyRelu(0.1), new Activation.Identity(), new Activation.Logistic()));
        assertThat(t).contains("g′(z) = 1/(1 + e^(−z)) · e^(−z)/(1 + e^(−z)) = g(z)(1 − g(z))");
        assertThat(t).contains("g′(z) = 1/(1 + e^(−z)) = σ(z)");
        assertThat(t).contains("g′(z) = 0.1 for z ≤ 0");
        assertThat(t.split("Derivative of logistic", -1)).hasSize(2);
        assertThat(t).contains("Derivative of softplus").contains("Derivative of leaky_relu (slope 0.1)")
                .contains("Derivative of identity").doesNotContain("Derivative of tanh");
    }

    @Test
    void aLongRunOfIdenticalHiddenLayersIsSummarised() {
        List<Activation> acts = new ArrayList<>();
        acts.add(new Activation.Tanh());
        for (int i = 0; i < 8; i++) {
            acts.add(new Activation.Relu());
        }
        int[] sizes = {5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2};
        String t = text(Plan.of("deep", sizes, acts, OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(1)));
        assertThat(t).contains("k = 3, …, 9: the same two steps").contains("layers 3–9: same shapes and g as layer 2");
        assertThat(t).contains("k = 8, …, 3: the same four steps and shapes as k = 9");
        assertThat(t).doesNotContain("a₅ = b₅").doesNotContain("∇_{W₅}ℓ");
        // the run's first layer is shown in full: its ∇a₁ uses layer 1's tanh, not relu
        assertThat(t).contains("∇_{a₁}ℓ = ∇_{h₁}ℓ ⊙ g′(a₁)").contains("local g′ = 1 − h₁ ⊙ h₁");
    }

    @Test
    void weightDecayAddsLambdaWToTheWeightGradient() {
        Plan plan = Plan.of("d", new int[] {2, 3, 2}, List.of(new Activation.Relu()), OutputFunction.IDENTITY,
                Loss.SQUARED_ERROR, 0.25, Init.xavier(1));
        assertThat(text(plan)).contains("ℒ = 1/B Σₘ₌₁^B ℓₘ + λ/2 Σₖ ‖Wₖ‖²").contains("λ = 0.25")
                .contains("∇_{Wₖ}ℒ = ∇_{aₖ}ℒ · hₖ₋₁ᵀ + λ Wₖ");
        assertThat(text(plan(OutputFunction.IDENTITY, Loss.SQUARED_ERROR, new Activation.Relu())))
                .doesNotContain("+ λ Wₖ").contains("no weight decay");
    }

    @Test
    void theOneExampleDerivationIsOfEllAndTheBatchTakesTheMean() {
        String t = text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, new Activation.Tanh()));
        String backward = t.substring(t.indexOf("Backward pass"), t.indexOf("A batch of B"));
        assertThat(flat(backward)).contains("for the loss ℓ of this one example").contains("∇_{W₂}ℓ = ∇_{a₂}ℓ · h₁ᵀ")
                .doesNotContain("ℒ");
        assertThat(t).contains("∇_{Wₖ}ℒ = 1/B Σₘ₌₁^B ∇_{Wₖ}ℓₘ ").contains("the mean of the one-example gradients");
    }

    @Test
    void withDecayTheOneExampleGradientsSayWhereLambdaWEnters() {
        Plan plan = Plan.of("d", new int[] {2, 3, 2}, List.of(new Activation.Relu()), OutputFunction.IDENTITY,
                Loss.SQUARED_ERROR, 0.25, Init.xavier(1));
        String t = text(plan);
        String backward = t.substring(t.indexOf("Backward pass"), t.indexOf("A batch of B"));
        assertThat(flat(backward)).contains("Weight decay is not part of ℓ: its λ Wₖ is added once per batch")
                .contains("∇_{W₂}ℓ = ∇_{a₂}ℓ · h₁ᵀ ");
        assertThat(t).contains("∇_{Wₖ}ℒ = 1/B Σₘ₌₁^B ∇_{Wₖ}ℓₘ + λ Wₖ");
        assertThat(text(plan(OutputFunction.IDENTITY, Loss.SQUARED_ERROR, new Activation.Relu())))
                .doesNotContain("Weight decay is not part of ℓ");
    }

    @Test
    void theLoopIsCountedForTheDepth() {
        assertThat(flat(text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY))))
                .contains("With no hidden layer the loop runs once, for k = 1.").doesNotContain("k = 1, …, 1");
        assertThat(flat(text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, new Activation.Tanh()))))
                .contains("The loop runs k = 2, 1.");
        assertThat(flat(text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, new Activation.Tanh(), new Activation.Tanh()))))
                .contains("The loop runs k = 3, …, 1.");
    }

    @Test
    void binaryCrossEntropysDerivativeBracketsItsDenominator() {
        // logistic output spells it out; an identity output composes ∂ℓ/∂ŷ with O′
        assertThat(text(plan(OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY, new Activation.Relu())))
                .contains("= (ŷᵢ − yᵢ)/(ŷᵢ(1 − ŷᵢ))").doesNotContain("/ŷᵢ(1");
        assertThat(text(plan(OutputFunction.IDENTITY, Loss.BINARY_CROSS_ENTROPY, new Activation.Relu())))
                .contains("∂ℓ/∂ŷᵢ = (ŷᵢ − yᵢ)/(ŷᵢ(1 − ŷᵢ))");
    }

    @Test
    void nextNamesTheGraphLevelThatDrawsTheTape() {
        String t = text(plan(OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, new Activation.Tanh()));
        assertThat(flat(t)).contains("`netgrad graph <code> -o layers.svg`").contains("`--level ops`")
                .doesNotContain("tape.svg");
    }
}
