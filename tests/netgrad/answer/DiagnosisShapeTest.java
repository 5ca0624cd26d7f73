package netgrad.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.problem.BatchMaker;
import netgrad.problem.ProblemFile;

/** Where no mistake of the catalogue matches, the error's shape is named; and problems are handed out conclusive. */
class DiagnosisShapeTest {
    private static final Matrix R = Matrix.of(new double[][] {{1, -2, 3, 0.5}, {0.25, 4, -1, 2}, {3, 1, 1, -2}});

    private static Matrix times(double s) {
        Matrix m = R.copy();
        for (int i = 0; i < m.size(); i++) m.data[i] *= s;
        return m;
    }

    @Test
    void constantFactorsAreNamed() {
        assertThat(Diagnosis.shape(times(4), R, 4, 10)).isEqualTo("yours is the lecture's times B = 4 (the batch size)");
        assertThat(Diagnosis.shape(times(0.25), R, 4, 10)).isEqualTo("yours is the lecture's times 1/B = 1/4");
        assertThat(Diagnosis.shape(times(2), R, 4, 10)).isEqualTo("yours is the lecture's times 2");
        assertThat(Diagnosis.shape(times(0.5), R, 4, 10)).isEqualTo("yours is the lecture's times ½");
        assertThat(Diagnosis.shape(times(-1), R, 4, 10)).contains("−1 (the sign flipped)");
        assertThat(Diagnosis.shape(times(10), R, 4, 10)).contains("the number of classes (10)");
        assertThat(Diagnosis.shape(times(0.1), R, 4, 10)).contains("1/(the number of classes)");
        assertThat(Diagnosis.shape(times(3.7), R, 4, 10)).isEqualTo("yours is the lecture's times a constant factor 3.70000");
    }

    @Test
    void zeroTransposeAndSubsetsAreNamed() {
        assertThat(Diagnosis.shape(new Matrix(3, 4), R, 4, 10)).isEqualTo("yours is all zero");
        Matrix square = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}});
        assertThat(Diagnosis.shape(square.transpose(), square, 4, 10)).isEqualTo("yours is the transpose of the lecture's");
        Matrix column = R.copy();
        column.set(0, 2, 9);
        column.set(2, 2, 9);
        assertThat(Diagnosis.shape(column, R, 4, 10)).isEqualTo("only column 2 of 4 (examples) wrong");
        Matrix row = R.copy();
        for (int j = 0; j < 4; j++) row.set(1, j, row.get(1, j) + j + 1);
        assertThat(Diagnosis.shape(row, R, 4, 10)).isEqualTo("only row 1 of 3 (units) wrong");
        Matrix noisy = R.copy();
        noisy.set(0, 0, 5);
        noisy.set(1, 1, -5);
        noisy.set(2, 3, 7);
        noisy.set(0, 3, 7);
        noisy.set(2, 0, 7);
        noisy.set(1, 2, 7);
        assertThat(Diagnosis.shape(noisy, R, 4, 10)).startsWith("no simple pattern; the largest difference is at");
    }

    @Test
    void aProblemIsHandedOutOnlyWhenEveryApplicableMistakeShows() {
        Plan plan = Plan.of("p", new int[] {4, 3, 3, 2}, List.of(new Activation.Logistic(), new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, 0.05, Init.xavier(3));
        Handout.Result ok = Handout.draw(plan, 4, 1);
        assertThat(ok.refusal()).isNull();
        assertThat(Handout.inconclusive(plan, ok.theta(), ok.batch())).isNull();

        // λ = 1e-9: forgetting λW_k changes ∇W_3 by a billionth, which no answer tolerance could see
        Plan tiny = Plan.of("tiny", new int[] {4, 3, 3, 2}, List.of(new Activation.Logistic(), new Activation.Tanh()),
                OutputFunction.SOFTMAX, Loss.SQUARED_ERROR, 1e-9, Init.xavier(3));
        Parameters theta = ProblemFile.parameters(tiny, 1);
        Batch batch = BatchMaker.make(tiny, 4, 1);
        assertThat(Handout.inconclusive(tiny, theta, batch)).contains("decay-forgotten (at ∇W_3)");
        Handout.Result refused = Handout.draw(tiny, 4, 1);
        assertThat(refused.batch()).isNull();
        assertThat(refused.draws()).isEqualTo(Handout.MAX_DRAWS);
        assertThat(refused.refusal()).contains("decay-forgotten");
    }

    @Test
    void problemBiasesAreNonZeroAndTheRowsLayoutReadsBackTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Plan plan = Plan.of("p", new int[] {5, 3, 2}, List.of(new Activation.Tanh()), OutputFunction.SOFTMAX,
                Loss.CROSS_ENTROPY, 0, Init.xavier(3));
        Parameters theta = ProblemFile.parameters(plan, 7);
        assertThat(theta.b(1).data).doesNotContain(0.0);
        Batch batch = BatchMaker.make(plan, 4, 2);
        for (netgrad.problem.Layout layout : netgrad.problem.Layout.values()) {
            java.nio.file.Path file = dir.resolve(layout.keyword() + ".npz");
            ProblemFile.write(file, plan, theta, batch, layout);
            ProblemFile.Problem back = ProblemFile.read(file, plan);
            assertThat(back.layout()).isEqualTo(layout);
            assertThat(back.theta().W(1).data).containsExactly(theta.W(1).data);
            assertThat(back.theta().b(2).data).containsExactly(theta.b(2).data);
            assertThat(back.batch().x().data).containsExactly(batch.x().data);
            assertThat(back.batch().labels()).containsExactly(batch.labels());
        }
        assertThat(netgrad.io.Npz.read(dir.resolve("rows.npz")).get("x").rows).isEqualTo(4);
    }
}
