package netgrad.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Ops' contract: the last argument is the only one modified, and a product never writes into its own input. */
class OpsContractTest {
    private static Matrix m(double[][] values) {
        return Matrix.of(values);
    }

    private static final double[][] A = {{1, 2}, {3, 4}};
    private static final double[][] B = {{5, 6}, {7, 8}};

    /** Runs {@code op} on fresh copies of A and B and an output, and checks that A and B are untouched. */
    private static Matrix outputOf(Consumer<Matrix[]> op, double[][] out) {
        Matrix a = m(A), b = m(B), c = m(out);
        op.accept(new Matrix[] {a, b, c});
        assertThat(a.data).containsExactly(1, 2, 3, 4);
        assertThat(b.data).containsExactly(5, 6, 7, 8);
        return c;
    }

    @Test
    void everyMethodModifiesOnlyItsLastArgument() {
        double[][] zeros = new double[2][2];
        assertThat(outputOf(x -> Ops.mult(x[0], x[1], x[2]), zeros).data).containsExactly(19, 22, 43, 50);
        assertThat(outputOf(x -> Ops.multAdd(x[0], x[1], x[2]), new double[][] {{1, 1}, {1, 1}}).data)
                .containsExactly(20, 23, 44, 51);
        assertThat(outputOf(x -> Ops.multTransA(x[0], x[1], x[2]), zeros).data).containsExactly(26, 30, 38, 44);
        assertThat(outputOf(x -> Ops.multTransB(x[0], x[1], x[2]), zeros).data).containsExactly(17, 23, 39, 53);
        assertThat(outputOf(x -> Ops.hadamard(x[0], x[1], x[2]), zeros).data).containsExactly(5, 12, 21, 32);
        assertThat(outputOf(x -> Ops.map(x[0], v -> -v, x[2]), zeros).data).containsExactly(-1, -2, -3, -4);
        // A += α·B, with A the output: B (here the first input) stays as it was
        assertThat(outputOf(x -> Ops.addScaled(2, x[1], x[2]), new double[][] {{1, 1}, {1, 1}}).data)
                .containsExactly(11, 13, 15, 17);
        assertThat(outputOf(x -> Ops.scale(-1, x[2]), new double[][] {{1, 2}, {3, 4}}).data).containsExactly(-1, -2, -3, -4);

        Matrix b = m(new double[][] {{10}, {20}}), a = m(A);
        Ops.addToColumns(b, a);                                  // A += b·1ᵀ
        assertThat(a.data).containsExactly(11, 12, 23, 24);
        assertThat(b.data).containsExactly(10, 20);
        Matrix s = new Matrix(2, 1);
        Matrix rows = m(A);
        Ops.sumRows(rows, s);                                    // s = A·1
        assertThat(s.data).containsExactly(3, 7);
        assertThat(rows.data).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aProductWritingIntoItsOwnInputIsRefusedNamingBothArguments() {
        Matrix a = m(A), b = m(B);
        List<Runnable> intoA = List.of(() -> Ops.mult(a, b, a), () -> Ops.multAdd(a, b, a),
                () -> Ops.multTransA(a, b, a), () -> Ops.multTransB(a, b, a));
        for (Runnable r : intoA) {
            assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the output C (2x2) is the input A (2x2)");
        }
        assertThatThrownBy(() -> Ops.mult(a, b, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mult: ").hasMessageContaining("the output C (2x2) is the input B (2x2)");
        assertThatThrownBy(() -> Ops.multTransA(Parallelism.of(2), a, b, b))
                .hasMessageContaining("multTransA: the output C (2x2) is the input B (2x2)");
        Matrix sharing = new Matrix(2, 2, a.data);                // another view of A's numbers
        assertThatThrownBy(() -> Ops.mult(a, b, sharing)).hasMessageContaining("is the input A");
        assertThat(a.data).containsExactly(1, 2, 3, 4);
    }

    @Test
    void writingAProductIntoItsInputWouldIndeedGiveAWrongResult() {
        // the reason for the check: computing C = A·B row by row into A reads rows of A already overwritten
        Matrix a = m(A), b = m(B), right = new Matrix(2, 2);
        Ops.mult(a, b, right);
        Matrix inPlace = m(A);
        Naive.mult(inPlace, b, inPlace);
        assertThat(inPlace.data).isNotEqualTo(right.data);
    }

    @Test
    void elementwiseOutputsMayAliasTheirInputs() {
        Matrix a = m(A);
        Ops.hadamard(a, a, a);
        assertThat(a.data).containsExactly(1, 4, 9, 16);
        Ops.addScaled(1, a, a);                                  // A += 1·A
        assertThat(a.data).containsExactly(2, 8, 18, 32);
        Ops.map(a, v -> v / 2, a);
        assertThat(a.data).containsExactly(1, 4, 9, 16);
    }

    @Test
    void parallelismBelowOneThreadIsRefused() {
        assertThatThrownBy(() -> Parallelism.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads must be at least 1, not 0");
        assertThat(Parallelism.of(1)).isEqualTo(Parallelism.SEQUENTIAL);
        assertThat(Parallelism.DEFAULT.threads()).isBetween(1, 64);
    }
}
