package netgrad.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.check.Tolerances.Pair;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/** Backprop, the tape and finite differences agree on random architectures; a planted bug breaks exactly one side. */
class CrossEngineTest {
    private static final int ARCHITECTURES = 120;
    private static final List<Activation> ACTIVATIONS = List.of(new Activation.Logistic(), new Activation.Tanh(),
            new Activation.Relu(), new Activation.LeakyRelu(0.1), new Activation.Identity(), new Activation.Softplus());
    /** The output/loss pairs a spec may declare. */
    private static final List<Object[]> PAIRS = List.of(
            new Object[] {OutputFunction.SOFTMAX, Loss.CROSS_ENTROPY}, new Object[] {OutputFunction.SOFTMAX, Loss.SQUARED_ERROR},
            new Object[] {OutputFunction.LOGISTIC, Loss.BINARY_CROSS_ENTROPY}, new Object[] {OutputFunction.LOGISTIC, Loss.SQUARED_ERROR},
            new Object[] {OutputFunction.IDENTITY, Loss.SQUARED_ERROR});

    private record Case(Plan plan, Parameters theta, Batch batch) {}

    /** Seeded random networks: depth 1–5, widths 1–8, activations and output/loss pairs in turn, decay on 2 of 3. */
    private static List<Case> cases() {
        Random random = new Random(2026);
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < ARCHITECTURES; n++) {
            Plan plan = randomPlan(random, n);
            Parameters theta = Fixtures.parameters(plan, random.nextLong(), 0.3 + random.nextDouble());
            cases.add(new Case(plan, theta, Fixtures.batch(plan, 1 + random.nextInt(4), random.nextLong())));
        }
        return cases;
    }

    @Test
    void allThreeEnginesAgreeOnRandomArchitectures() {
        int kinks = 0;
        for (Case c : cases()) {
            VerifyReport report = Engines.verify(c.plan(), c.theta(), c.batch(), Verifier.Options.defaults().withMode(Mode.FULL));
            assertThat(report.agrees()).as("%s%n%s", c.plan(), ReportText.render(report)).isTrue();
            assertThat(report.entriesChecked()).isGreaterThan(0);
            kinks += report.kinks();
        }
        assertThat(kinks).as("kinks are rare at these scales").isLessThan(ARCHITECTURES);
    }

    @Test
    void everyActivationAndEveryOutputLossPairIsCovered() {
        boolean[] activations = new boolean[ACTIVATIONS.size()];
        boolean[] pairs = new boolean[PAIRS.size()];
        boolean[] depths = new boolean[6];
        boolean decay = false;
        boolean noDecay = false;
        for (Case c : cases()) {
            Plan plan = c.plan();
            depths[plan.depth()] = true;
            for (int k = 1; k < plan.depth(); k++) {
                activations[ACTIVATIONS.indexOf(plan.activation(k))] = true;
            }
            for (int p = 0; p < PAIRS.size(); p++) {
                pairs[p] |= PAIRS.get(p)[0] == plan.output().function() && PAIRS.get(p)[1] == plan.loss();
            }
            decay |= plan.weightDecay() > 0;
            noDecay |= plan.weightDecay() == 0;
        }
        assertThat(activations).containsOnly(true);
        assertThat(pairs).containsOnly(true);
        assertThat(decay && noDecay).isTrue();
        assertThat(depths).containsExactly(false, true, true, true, true, true);
    }

    @Test
    void tapeIsIndependentOfBackpropAWrongLogisticDerivativeMakesThemDisagree() {
        Plan plan = Fixtures.lecture4(0);
        Backprop wrongLogistic = new Backprop(plan) {
            @Override
            protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
                if (plan.activation(k - 1) instanceof Activation.Logistic) {
                    Ops.map(h_km1, s -> s * (1 + s), gradA_km1);   // wrong: σ(1 + σ) instead of σ(1 − σ)
                    Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);
                } else {
                    super.preActivationGradient(k, gradH_km1, a_km1, h_km1, gradA_km1);
                }
            }
        };
        VerifyReport report = Engines.verify(wrongLogistic, Fixtures.parameters(plan, 5, 0.7), Fixtures.batch(plan, 4, 6),
                Verifier.Options.defaults());
        QuantityCheck first = report.firstWrongStep().orElseThrow();
        assertThat(first.step().quantity()).isEqualTo(Quantity.a(1));
        assertThat(first.fails(Pair.BACKPROP_TAPE)).isTrue();
        assertThat(first.fails(Pair.TAPE_FD)).isFalse();
        assertThat(first.oddOneOut()).isEqualTo("backprop");
        assertThat(first.step().formula()).contains("g = logistic");
    }

    @Test
    void sampledAndDirectionalModesAgreeOnACorrectNetworkAndCatchABug() {
        Plan plan = Fixtures.lecture4(0.01);
        Parameters theta = Fixtures.parameters(plan, 9, 0.7);
        Batch batch = Fixtures.batch(plan, 5, 10);
        for (Mode mode : List.of(Mode.SAMPLED, Mode.DIRECTIONAL)) {
            Verifier.Options options = new Verifier.Options(Tolerances.DEFAULTS, mode, 3, 4);
            VerifyReport good = Engines.verify(plan, theta, batch, options);
            assertThat(good.agrees()).as(mode + "\n" + ReportText.render(good)).isTrue();
            assertThat(good.mode()).isEqualTo(mode);
            VerifyReport bad = Engines.verify(Mutant.G_INSTEAD_OF_G_PRIME.plant(plan), theta, batch, options);
            assertThat(bad.firstWrongStep().orElseThrow().step().quantity()).as(mode.keyword()).isEqualTo(Quantity.a(2));
        }
        VerifyReport sampled = Engines.verify(plan, theta, batch, new Verifier.Options(Tolerances.DEFAULTS, Mode.SAMPLED, 3, 4));
        assertThat(sampled.checks()).allSatisfy(c -> assertThat(c.checked()).isEqualTo(Math.min(3, c.rows() * c.cols())));
    }

    static Plan randomPlan(Random random, int n) {
        int depth = 1 + random.nextInt(5);
        int[] sizes = new int[depth + 1];
        for (int k = 0; k <= depth; k++) {
            sizes[k] = 1 + random.nextInt(8);
        }
        List<Activation> acts = new ArrayList<>();
        for (int k = 1; k < depth; k++) {
            acts.add(ACTIVATIONS.get((n + k) % ACTIVATIONS.size()));
        }
        Object[] pair = PAIRS.get(n % PAIRS.size());
        if (pair[0] == OutputFunction.SOFTMAX && sizes[depth] < 2) {
            sizes[depth] = 2;
        }
        double decay = n % 3 == 0 ? 0 : 0.05 * random.nextDouble();
        return Plan.of("random" + n, sizes, acts, (OutputFunction) pair[0], (Loss) pair[1], decay, Init.xavier(n));
    }
}
