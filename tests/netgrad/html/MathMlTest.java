package netgrad.html;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The LaTeX subset of the derivations as MathML. */
class MathMlTest {
    private static String body(String tex) {
        String m = MathMl.of(tex, false);
        return m.substring("<math><mrow>".length(), m.length() - "</mrow></math>".length());
    }

    @Test
    void lettersDigitsAndOperatorsBecomeTheirElements() {
        assertThat(body("a = 12.5 + b")).isEqualTo("<mi>a</mi><mo>=</mo><mn>12.5</mn><mo>+</mo><mi>b</mi>");
        assertThat(body("-x'")).isEqualTo("<mo>−</mo><mi>x</mi><mo>′</mo>");
    }

    @Test
    void scriptsAttachToTheAtomBeforeThem() {
        assertThat(body("h_{k-1}^\\top")).isEqualTo("<msubsup><mrow><mi>h</mi></mrow><mrow><mi>k</mi><mo>−</mo>"
                + "<mn>1</mn></mrow><mrow><mo>⊤</mo></mrow></msubsup>");
        assertThat(body("\\sum_{m=1}^{B} x")).startsWith("<munderover><mrow><mo>∑</mo></mrow>");
    }

    @Test
    void fractionsHatsAndText() {
        assertThat(body("\\frac{1}{B}")).isEqualTo("<mfrac><mrow><mn>1</mn></mrow><mrow><mi>B</mi></mrow></mfrac>");
        assertThat(body("\\hat{y}")).isEqualTo("<mover accent=\"true\"><mrow><mi>y</mi></mrow><mo>^</mo></mover>");
        assertThat(body("\\text{ a b}")).isEqualTo("<mtext>\u00a0a\u00a0b</mtext>");
        assertThat(body("\\mathcal{L}")).isEqualTo("<mi>ℒ</mi>");
    }

    @Test
    void fencesDoNotStretch() {
        assertThat(body("e(y)")).isEqualTo("<mi>e</mi><mo stretchy=\"false\">(</mo><mi>y</mi><mo stretchy=\"false\">)</mo>");
    }

    @Test
    void everythingIsEscaped() {
        assertThat(body("a < b & c > d")).isEqualTo("<mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&amp;</mo><mi>c</mi>"
                + "<mo>&gt;</mo><mi>d</mi>");
        assertThat(body("\\text{<script>\"x\"</script>}")).isEqualTo("<mtext>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</mtext>");
        assertThat(MathMl.prose("a <b> & `rm -rf <x>` $x<y$")).isEqualTo("a &lt;b&gt; &amp; <code>rm -rf &lt;x&gt;</code> "
                + "<math><mrow><mi>x</mi><mo>&lt;</mo><mi>y</mi></mrow></math>");
    }

    @Test
    void unknownCommandsAndUnbalancedInputThrow() {
        assertThatThrownBy(() -> MathMl.of("\\sigmoid x", false)).hasMessageContaining("unsupported command \\sigmoid");
        assertThatThrownBy(() -> MathMl.of("{a", false)).hasMessageContaining("missing }");
        assertThatThrownBy(() -> MathMl.of("a}", false)).hasMessageContaining("unbalanced }");
        assertThatThrownBy(() -> MathMl.prose("a $x")).hasMessageContaining("unbalanced $");
    }
}
