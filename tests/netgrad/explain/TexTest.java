package netgrad.explain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The LaTeX subset of the derivations reads as plain Unicode. */
class TexTest {
    @Test
    void gradientsSubscriptsAndTransposes() {
        assertThat(Tex.toUnicode("\\nabla_{W_2}\\mathcal{L} = \\nabla_{a_2}\\mathcal{L} \\cdot h_1^\\top"))
                .isEqualTo("∇_{W₂}ℒ = ∇_{a₂}ℒ · h₁ᵀ");
        assertThat(Tex.toUnicode("h_{k-1}")).isEqualTo("hₖ₋₁");
        assertThat(Tex.toUnicode("a_{3,i}")).isEqualTo("a₃,ᵢ");
        assertThat(Tex.toUnicode("\\hat{y}_y")).isEqualTo("ŷ_y");
    }

    @Test
    void fractionsGetParenthesesOnlyAroundCompoundSides() {
        assertThat(Tex.toUnicode("\\frac{1}{1 + e^{-z}}")).isEqualTo("1/(1 + e^(−z))");
        assertThat(Tex.toUnicode("\\frac{e^{-z}}{(1 + e^{-z})^2}")).isEqualTo("e^(−z)/(1 + e^(−z))²");
        assertThat(Tex.toUnicode("\\frac{\\partial\\ell}{\\partial a_{2,i}}")).isEqualTo("∂ℓ/∂a₂,ᵢ");
    }

    @Test
    void aDenominatorThatIsAProductGetsParentheses() {
        // (ŷᵢ − yᵢ)/ŷᵢ(1 − ŷᵢ) would read as ((ŷᵢ − yᵢ)/ŷᵢ)·(1 − ŷᵢ)
        assertThat(Tex.toUnicode("\\frac{\\hat{y}_i - y_i}{\\hat{y}_i(1 - \\hat{y}_i)}"))
                .isEqualTo("(ŷᵢ − yᵢ)/(ŷᵢ(1 − ŷᵢ))");
        // a power's parentheses are not a product, and a numerator's juxtaposition is unambiguous
        assertThat(Tex.toUnicode("\\frac{1}{e^{-z}}")).isEqualTo("1/e^(−z)");
        assertThat(Tex.toUnicode("\\frac{g(z)}{2}")).isEqualTo("g(z)/2");
    }

    @Test
    void shapesAndPrimes() {
        assertThat(Tex.toUnicode("[3\\times{}4]\\cdot[4]")).isEqualTo("[3×4]·[4]");
        assertThat(Tex.toUnicode("g'(z) = 1 - g(z)^2")).isEqualTo("g′(z) = 1 − g(z)²");
        assertThat(Tex.toUnicode("\\lVert W_k\\rVert^2")).isEqualTo("‖Wₖ‖²");
    }

    @Test
    void proseConvertsOnlyTheMath() {
        assertThat(Tex.proseToUnicode("so $h_0 = x$ is the input")).isEqualTo("so h₀ = x is the input");
    }

    @Test
    void unknownCommandsAndUnbalancedInputFailLoudly() {
        assertThatThrownBy(() -> Tex.toUnicode("\\alpha")).hasMessageContaining("unsupported command \\alpha");
        assertThatThrownBy(() -> Tex.toUnicode("a_{2")).hasMessageContaining("missing }");
        assertThatThrownBy(() -> Tex.proseToUnicode("$a_2")).hasMessageContaining("unbalanced $");
    }
}
