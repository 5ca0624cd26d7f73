package netgrad.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.source.SourcePos;

/** The plan the compiler makes: shapes, counts, names, source lines, defaults. */
class CompilerTest {
    private static Plan compile(String text) {
        Compilation c = Compiler.compile("t.net", text);
        assertThat(c.render()).isEmpty();
        return c.plan();
    }

    @Test
    void lecture4HasTheLectureShapesAndThirtyFiveParameters() {
        Plan plan = Compiler.load(Path.of("specs/lecture4.net")).plan();

        assertThat(plan.name()).isEqualTo("lecture4");
        assertThat(plan.depth()).isEqualTo(3);
        assertThat(List.of(plan.units(0), plan.units(1), plan.units(2), plan.units(3))).containsExactly(4, 3, 3, 2);
        assertThat(plan.activation(1)).isEqualTo(new Activation.Logistic());
        assertThat(plan.activation(2)).isEqualTo(new Activation.Tanh());
        assertThat(plan.output().function()).isEqualTo(OutputFunction.SOFTMAX);
        assertThat(plan.loss()).isEqualTo(Loss.CROSS_ENTROPY);
        assertThat(plan.init()).isEqualTo(Init.xavier(42));
        assertThat(plan.weightDecay()).isZero();
        assertThat(plan.training()).isEmpty();
        // 4·3+3 + 3·3+3 + 3·2+2
        assertThat(plan.parameterCount()).isEqualTo(35);
        assertThat(plan.parameters()).extracting(Quantity::label).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
        assertThat(plan.layers()).extracting(l -> l.pos().line()).containsExactly(4, 5, 6);
        assertThat(plan.layer(2).pos()).isEqualTo(new SourcePos("specs/lecture4.net", 5, 3));
    }

    @Test
    void compiledPlanEqualsTheSamePlanBuiltInCode() {
        Plan parsed = Compiler.load(Path.of("specs/lecture4.net")).plan();
        Plan built = Plan.of("lecture4", new int[] {4, 3, 3, 2}, List.of(new Activation.Logistic(), new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY, 0, Init.xavier(42));
        for (int k = 0; k <= 3; k++) {
            assertThat(parsed.units(k)).isEqualTo(built.units(k));
        }
        for (int k = 1; k <= 3; k++) {
            assertThat(parsed.layer(k).fanIn()).isEqualTo(built.layer(k).fanIn());
        }
        assertThat(parsed.parameters()).isEqualTo(built.parameters());
        assertThat(parsed.parameterCount()).isEqualTo(built.parameterCount());
    }

    @Test
    void repeatExpandsItsLayersInOrderWithTheirOwnLines() {
        Plan plan = compile("""
                network d {
                  input 6
                  repeat 2 {
                    hidden 5 tanh
                    repeat 2 {
                      hidden 4 relu
                    }
                  }
                  output 3 softmax
                  loss cross_entropy
                }
                """);
        assertThat(plan.depth()).isEqualTo(7);
        assertThat(plan.layers().subList(0, 6)).extracting(l -> ((Layer.Hidden) l).activation().keyword())
                .containsExactly("tanh", "relu", "relu", "tanh", "relu", "relu");
        assertThat(plan.layers()).extracting(Layer::pos).extracting(SourcePos::line)
                .containsExactly(4, 6, 6, 4, 6, 6, 9);
        assertThat(plan.layer(2).fanIn()).isEqualTo(5);
        assertThat(plan.layer(4).fanIn()).isEqualTo(4);
        assertThat(plan.parameters()).hasSize(14).endsWith(Quantity.W(7), Quantity.b(7));
    }

    @Test
    void deepSpecHasEightHiddenLayers() {
        Plan plan = Compiler.load(Path.of("specs/deep.net")).plan();
        assertThat(plan.depth()).isEqualTo(9);
        // 6·16+16 + 6·(16·16+16) + 16·8+8 + 8·4+4
        assertThat(plan.parameterCount()).isEqualTo(112 + 6 * 272 + 136 + 36);
    }

    @Test
    void defaultsAreXavierSeedZeroNoDecayAndLeakySlopeOneHundredth() {
        Plan plan = compile("network n {\n input 2\n hidden 3 leaky_relu\n output 1 logistic\n"
                + " loss binary_cross_entropy\n}\n");
        assertThat(plan.init()).isEqualTo(Compiler.DEFAULT_INIT);
        assertThat(plan.weightDecay()).isZero();
        assertThat(plan.activation(1)).isEqualTo(new Activation.LeakyRelu(0.01));
    }

    @Test
    void sigmoidIsTheLogisticFunctionAndLeakySlopeIsKept() {
        Plan plan = compile("network n { ; input 2 ; hidden 3 sigmoid ; hidden 2 leaky_relu(0.2) ; output 1 sigmoid"
                + " ; loss binary_cross_entropy ; init random scale 0.05 seed 9 ; decay 1e-3 }");
        assertThat(plan.activation(1)).isEqualTo(new Activation.Logistic());
        assertThat(plan.activation(2)).isEqualTo(new Activation.LeakyRelu(0.2));
        assertThat(plan.output().function()).isEqualTo(OutputFunction.LOGISTIC);
        assertThat(plan.init()).isEqualTo(new Init(Init.Scheme.RANDOM, 0.05, 9));
        assertThat(plan.weightDecay()).isEqualTo(1e-3);
    }

    @Test
    void trainingBlockIsReadWithOptimizerDefaultsFilledIn() {
        Training t = Compiler.load(Path.of("specs/fashion-mlp.net")).plan().training().orElseThrow();
        assertThat(t.dataset()).isEqualTo("fashion_mnist");
        assertThat(t.optimizer()).isEqualTo(new Training.Optimizer(Training.Kind.ADAM, 0.9, 0.9, 0.9, 0.999, 1e-8));
        assertThat(t.learningRate()).isEqualTo(0.0005);
        assertThat(t.batchSize()).isEqualTo(32);
        assertThat(t.epochs()).isEqualTo(10);
        assertThat(t.validationFraction()).isEqualTo(0.1);
        assertThat(t.pos().line()).isEqualTo(12);
    }

    @Test
    void emptyTrainingBlockGetsTheDocumentedDefaults() {
        Plan plan = compile("network n {\n input 784\n output 10 softmax\n loss cross_entropy\n train {\n }\n}\n");
        Training t = plan.training().orElseThrow();
        assertThat(t).isEqualTo(new Training("fashion_mnist", Training.Optimizer.defaults(Training.Kind.SGD), 0.01,
                32, 10, 0.1, new SourcePos("t.net", 5, 2)));
    }

    @Test
    void annealIsOffUnlessTheBlockSaysTrue() {
        String block = "network n {\n input 784\n output 10 softmax\n loss cross_entropy\n train {\n  %s\n }\n}\n";
        assertThat(compile(String.format(block, "anneal true")).training().orElseThrow().anneal()).isTrue();
        assertThat(compile(String.format(block, "anneal false")).training().orElseThrow().anneal()).isFalse();
        assertThat(compile(String.format(block, "epochs 3")).training().orElseThrow().anneal()).isFalse();
        assertThat(Compiler.load(Path.of("specs/fashion-mlp.net")).plan().training().orElseThrow().anneal()).isFalse();
    }

    @Test
    void momentumOptimizerTakesItsOwnHyperParameter() {
        Plan plan = compile("network n {\n input 784\n output 10 softmax\n loss cross_entropy\n train {\n"
                + "  optimizer nag; momentum 0.95; learning_rate 0.1; validation 0\n }\n}\n");
        Training t = plan.training().orElseThrow();
        assertThat(t.optimizer().kind()).isEqualTo(Training.Kind.NAG);
        assertThat(t.optimizer().momentum()).isEqualTo(0.95);
        assertThat(t.validationFraction()).isZero();
    }

    @Test
    void parameterLimitIsCheckedBeforeAnyLayerIsAllocated() {
        Compilation c = Compiler.compile("t.net", "network n {\n input 10000\n hidden 10000 relu\n"
                + " output 10 softmax\n loss cross_entropy\n}\n");
        assertThat(c.ok()).isFalse();
        assertThat(c.diagnostics().get(0).message()).startsWith("layer 1 brings the parameter count to 100,010,000");
        Plan justUnder = compile("network n {\n input 9990\n hidden 10000 relu\n output 2 softmax\n"
                + " loss cross_entropy\n}\n");
        assertThat(justUnder.parameterCount()).isLessThanOrEqualTo(Plan.MAX_PARAMETERS);
    }

    @Test
    void aThousandLayersAreAllowedButNotOneMore() {
        String layers999 = "  hidden 2 tanh\n".repeat(Compiler.MAX_LAYERS - 1);
        Plan deepest = compile("network n {\n input 2\n" + layers999 + " output 2 softmax\n loss cross_entropy\n}\n");
        assertThat(deepest.depth()).isEqualTo(Compiler.MAX_LAYERS);

        Compilation tooDeep = Compiler.compile("t.net", "network n {\n input 2\n" + layers999 + "  hidden 2 tanh\n"
                + "  hidden 2 tanh\n output 2 softmax\n loss cross_entropy\n}\n");
        assertThat(tooDeep.diagnostics()).extracting(d -> d.pos().line() + ": " + d.message()).containsExactly(
                (2 + Compiler.MAX_LAYERS) + ": with this layer the network has more than 1,000 layers, the most it may have");
    }
}
