package netgrad.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.check.Tolerances.Pair;
import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

class VerifierTest {
    private static final Tolerances TOL = Tolerances.DEFAULTS;

    @Test
    void differencesBelowTheFloorCountAsEqualAndOthersAreRelative() {
        Tolerances t = new Tolerances(1e-6, 1e-10, 1e-6, 1e-9);
        assertThat(t.error(1e-12, -1e-12)).isZero();
        assertThat(t.error(0, 0)).isZero();
        assertThat(t.error(1.0, 1.1)).isCloseTo(0.1 / 1.1, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(t.error(2e-9, -2e-9)).isEqualTo(2.0);
        assertThat(t.error(Double.NaN, 1)).isInfinite();
    }

    @Test
    void finiteDifferenceFloorRisesWithTheLossAndFallsWithTheStep() {
        assertThat(TOL.fdFloor(0.5)).isEqualTo(10 * Math.ulp(1.0) / 1e-6);
        assertThat(TOL.fdFloor(100)).isEqualTo(100 * TOL.fdFloor(1));
        assertThat(TOL.withFloor(1e-3).fdFloor(1)).isEqualTo(1e-3);
    }

    @Test
    void reluEntriesAtTheKinkAreReportedAsKinksAndDoNotFailTheRun() {
        Plan plan = Plan.of("relu", new int[] {2, 3, 2}, List.of(new Activation.Relu()), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(1));
        Parameters theta = Fixtures.parameters(plan, 4, 0.8);
        Batch batch = Fixtures.batch(plan, 2, 5);
        // move a_1[0, 0] = b_1[0] + W_1[0,:]·x[:,0] to 1e-7 above the kink, inside the step ε = 1e-6
        double a = theta.b(1).data[0];
        for (int j = 0; j < 2; j++) {
            a += theta.W(1).get(0, j) * batch.x().get(j, 0);
        }
        theta.b(1).data[0] += 1e-7 - a;
        theta.W(2).set(0, 0, 1.5);   // make ∇a_1[0,0] clearly non-zero

        VerifyReport report = Engines.verify(plan, theta, batch, Verifier.Options.defaults().withMode(Mode.FULL));
        assertThat(report.agrees()).as(ReportText.render(report)).isTrue();
        QuantityCheck a1 = report.checks().stream().filter(c -> c.step().quantity().equals(Quantity.a(1))).findFirst().orElseThrow();
        assertThat(a1.kinks()).isEqualTo(1);
        FiniteDifferences fd = new FiniteDifferences(plan, theta, batch, TOL.step());
        double exact = Engines.backprop(new Backprop(plan), theta, batch).gradients().a(1).get(0, 0);
        assertThat(TOL.error(fd.entry(Quantity.a(1), 0).value(), exact)).as("at the kink the difference is wrong").isGreaterThan(0.1);
        assertThat(ReportText.render(report)).contains("ok (1 kink)");
    }

    @Test
    void aGradientAnEngineDidNotComputeIsMissingAndFails() {
        Plan plan = Fixtures.lecture4(0);
        Parameters theta = Fixtures.parameters(plan, 1, 0.5);
        Batch batch = Fixtures.batch(plan, 3, 2);
        EngineResult full = Engines.backprop(new Backprop(plan), theta, batch);
        Gradients partial = new Gradients();
        full.gradients().toMap().forEach((name, m) -> {
            if (!name.equals(Quantity.h(1))) {
                partial.put(name, m);
            }
        });
        partial.put(Quantity.W(2), new Matrix(3, 2));
        VerifyReport report = Verifier.verify(plan, theta, batch, new EngineResult("backprop", full.loss(), partial),
                Engines.tape(plan, theta, batch), Verifier.Options.defaults());
        QuantityCheck first = report.firstWrongStep().orElseThrow();
        assertThat(first.step().quantity()).isEqualTo(Quantity.W(2));
        assertThat(first.note()).isEqualTo("backprop computed shape (3x2) instead of (3x3)");
        assertThat(report.checks().stream().filter(c -> c.step().quantity().equals(Quantity.h(1))).findFirst().orElseThrow().note())
                .isEqualTo("backprop did not compute it");
    }

    @Test
    void aWrongForwardPassShowsAsDisagreeingLosses() {
        Plan plan = Fixtures.lecture4(0);
        Backprop wrongLoss = new Backprop(plan) {
            @Override
            public double loss(ForwardPass f, Parameters theta, Batch batch) {
                return super.loss(f, theta, batch) * 1.01;
            }
        };
        VerifyReport report = Engines.verify(wrongLoss, Fixtures.parameters(plan, 1, 0.5), Fixtures.batch(plan, 3, 2),
                Verifier.Options.defaults());
        assertThat(report.lossAgrees()).isFalse();
        assertThat(report.agrees()).isFalse();
        assertThat(report.checks()).allMatch(QuantityCheck::agrees);
        assertThat(ReportText.render(report)).contains("FIRST WRONG STEP: the forward pass");
        assertThat(ReportJson.render(report)).containsPattern("\"first_wrong_step\": \\{\\s*\"quantity\": \"loss\"");
        assertThat(report.blame().culprit()).as("the odd loss is named").isEqualTo("backprop");
        assertThat(ReportText.render(report)).contains("the loss of backprop differs from the two others");
    }

    @Test
    void aBugInTheTapeIsBlamedOnTheTape() {
        Plan plan = Fixtures.lecture4(0);
        Parameters theta = Fixtures.parameters(plan, 1, 0.5);
        Batch batch = Fixtures.batch(plan, 3, 2);
        EngineResult tape = Engines.tape(plan, theta, batch);
        tape.gradients().get(Quantity.b(2)).data[1] += 1e-4;
        VerifyReport report = Verifier.verify(plan, theta, batch, Engines.backprop(new Backprop(plan), theta, batch), tape,
                Verifier.Options.defaults());
        QuantityCheck first = report.firstWrongStep().orElseThrow();
        assertThat(first.step().quantity()).isEqualTo(Quantity.b(2));
        assertThat(first.oddOneOut()).isEqualTo("tape");
        assertThat(first.worst().row()).isEqualTo(1);
        assertThat(first.pairs().get(Pair.BACKPROP_FD).failures()).isZero();
    }

    @Test
    void samplingIsSeededDistinctAndSorted() {
        int[] a = Verifier.indices(1000, 20, new Random(3));
        int[] b = Verifier.indices(1000, 20, new Random(3));
        assertThat(a).containsExactly(b).doesNotHaveDuplicates().isSorted();
        assertThat(Verifier.indices(5, 20, new Random(3))).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void outputGradientFormulaFitsTheOutputAndLoss() {
        Plan se = Plan.of("se", new int[] {2, 3}, List.of(), OutputFunction.IDENTITY, Loss.SQUARED_ERROR, 0.1, Init.xavier(1));
        assertThat(Step.backwardOrder(se)).extracting(Step::formula).containsExactly("∇a_1 = (ŷ − y) / B",
                "∇W_1 = ∇a_1 xᵀ + λ W_1", "∇b_1 = ∇a_1 1 (summed over the batch)");
        Plan softmaxSe = Plan.of("s", new int[] {2, 3}, List.of(), OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, 0, Init.xavier(1));
        assertThat(Step.outputFormula(softmaxSe)).isEqualTo("∇a_1 = (diag(ŷ) − ŷŷᵀ)(ŷ − e(y)) / B");
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(ReportJson.string(new StringBuilder(), "a\"b\\c\nd\u0001").toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
