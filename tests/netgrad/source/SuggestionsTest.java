package netgrad.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> ACTIVATIONS =
            List.of("logistic", "sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus");

    @Test
    void typosSuggestTheNearestWord() {
        assertThat(Suggestions.closest("sigmod", ACTIVATIONS)).contains("sigmoid");
        assertThat(Suggestions.closest("tahn", ACTIVATIONS)).contains("tanh");
        assertThat(Suggestions.closest("leaky_rel", ACTIVATIONS)).contains("leaky_relu");
        assertThat(Suggestions.closest("RELU", ACTIVATIONS)).contains("relu");
    }

    @Test
    void unrelatedWordsSuggestNothing() {
        assertThat(Suggestions.closest("xx", List.of("he", "xavier", "random"))).isEmpty();
        assertThat(Suggestions.closest("convolution", ACTIVATIONS)).isEmpty();
    }

    @Test
    void swappedNeighboursCountAsOneEdit() {
        assertThat(Suggestions.distance("tahn", "tanh")).isEqualTo(1);
        assertThat(Suggestions.distance("sigmod", "sigmoid")).isEqualTo(1);
        assertThat(Suggestions.distance("abc", "abc")).isZero();
        assertThat(Suggestions.distance("", "relu")).isEqualTo(4);
    }
}
