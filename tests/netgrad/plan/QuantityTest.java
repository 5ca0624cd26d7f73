package netgrad.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Quantity is the one place a quantity's name is spelt: each rendering, and parsing a user's name back. */
class QuantityTest {
    private static final Plan PLAN = Plan.of("t", new int[] {4, 3, 3, 2}, List.of(new Activation.Logistic(),
            new Activation.Tanh()), OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(1));

    @Test
    void eachContextHasItsOwnSpelling() {
        Quantity a3 = Quantity.a(3);
        assertThat(a3.label()).isEqualTo("a3");
        assertThat(a3.npzKey()).isEqualTo("a3");
        assertThat(a3.npzKey("backprop")).isEqualTo("backprop_a3");
        assertThat(a3.text()).isEqualTo("a_3");
        assertThat(a3.gradientText()).isEqualTo("∇a_3");
        assertThat(a3.tex()).isEqualTo("a_3");
        assertThat(a3.texGradient()).isEqualTo("\\nabla_{a_3}\\mathcal{L}");
        assertThat(a3.texEntry("i")).isEqualTo("a_{3,i}");
        assertThat(Quantity.W(2).gradientText()).isEqualTo("∇W_2");
        assertThat(Quantity.b(1).label()).isEqualTo("b1");
        assertThat(Quantity.h(0).tex()).isEqualTo("h_0");
    }

    @Test
    void layersFromTenOnAreBracedInTexOnly() {
        Quantity w12 = Quantity.W(12);
        assertThat(w12.tex()).isEqualTo("W_{12}");
        assertThat(w12.texGradient()).isEqualTo("\\nabla_{W_{12}}\\mathcal{L}");
        assertThat(w12.texEntry("i")).isEqualTo("W_{12,i}");
        assertThat(w12.text()).isEqualTo("W_12");
        assertThat(w12.label()).isEqualTo("W12");
    }

    @Test
    void everyQuantityOfAPlanParsesBackFromItsLabel() {
        for (Quantity.Kind kind : Quantity.Kind.values()) {
            for (int k = 1; k <= PLAN.depth(); k++) {
                Quantity q = Quantity.of(kind, k);
                if (q.existsIn(PLAN)) {
                    assertThat(Quantity.parse(q.label(), PLAN)).isEqualTo(q);
                }
            }
        }
        assertThat(Quantity.parse("W70")).isEqualTo(new Quantity(Quantity.Kind.WEIGHT, 70));
    }

    @Test
    void namesThatAreNoQuantityOfTheNetworkAreRefusedWithTodaysMessages() {
        assertThatThrownBy(() -> Quantity.parse("q1", PLAN)).hasMessage("no quantity called 'q1'");
        assertThatThrownBy(() -> Quantity.parse("W", PLAN)).hasMessage("no quantity called 'W'");
        assertThatThrownBy(() -> Quantity.parse("Wx", PLAN)).hasMessage("no quantity called 'Wx'");
        assertThatThrownBy(() -> Quantity.parse("W4", PLAN)).hasMessage("no quantity called 'W4' in a network of 3 layers");
        assertThatThrownBy(() -> Quantity.parse("h3", PLAN)).hasMessage("no quantity called 'h3' in a network of 3 layers");
        assertThatThrownBy(() -> Quantity.parse("a0", PLAN)).hasMessage("no quantity called 'a0' in a network of 3 layers");
    }

    @Test
    void onlyWeightsAndBiasesOfTheNetworkAreParameters() {
        assertThat(Quantity.parameter("W3", PLAN)).isEqualTo(Quantity.W(3));
        assertThat(Quantity.parameter("b1", PLAN)).isEqualTo(Quantity.b(1));
        assertThat(Quantity.parameter("a1", PLAN)).isNull();
        assertThat(Quantity.parameter("W4", PLAN)).isNull();
        assertThat(Quantity.parameter("x", PLAN)).isNull();
        assertThat(PLAN.parameters()).containsExactly(Quantity.W(1), Quantity.b(1), Quantity.W(2), Quantity.b(2),
                Quantity.W(3), Quantity.b(3));
    }

    @Test
    void shapesFollowTheLecture() {
        assertThat(Quantity.W(2).rows(PLAN, 5)).isEqualTo(3);
        assertThat(Quantity.W(2).cols(PLAN, 5)).isEqualTo(3);
        assertThat(Quantity.W(1).cols(PLAN, 5)).isEqualTo(4);
        assertThat(Quantity.b(3).cols(PLAN, 5)).isEqualTo(1);
        assertThat(Quantity.a(3).rows(PLAN, 5)).isEqualTo(2);
        assertThat(Quantity.h(1).cols(PLAN, 5)).isEqualTo(5);
    }

    @Test
    void lookupsBySmallLayerShareOneInstance() {
        assertThat(Quantity.a(7)).isSameAs(Quantity.a(7)).isEqualTo(new Quantity(Quantity.Kind.PRE_ACTIVATION, 7));
        assertThatThrownBy(() -> new Quantity(Quantity.Kind.BIAS, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
