package netgrad.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void everyVectorFileLoadsWithShapesThatFitItsPlan() {
        for (Vectors v : Vectors.all()) {
            int depth = v.plan().depth();
            assertThat(v.batch().x().rows).as(v.name()).isEqualTo(v.plan().inputSize());
            assertThat(v.batch().y().rows).as(v.name()).isEqualTo(v.plan().units(depth));
            for (int k = 1; k <= depth; k++) {
                assertThat(v.gradients().W(k).sameShape(v.params().W(k))).as(v.name() + " W" + k).isTrue();
                assertThat(v.gradients().b(k).sameShape(v.params().b(k))).as(v.name() + " b" + k).isTrue();
                assertThat(v.gradients().a(k).rows).as(v.name() + " a" + k).isEqualTo(v.plan().units(k));
                assertThat(v.gradients().a(k).cols).as(v.name() + " a" + k).isEqualTo(v.batch().size());
            }
            assertThat(v.loss()).as(v.name()).isPositive();
        }
    }
}
