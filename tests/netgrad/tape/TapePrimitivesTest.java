package netgrad.tape;

import static netgrad.tape.PrimitiveChecker.check;
import static netgrad.tape.PrimitiveChecker.random;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;

/** Every primitive's backward rule (and every composition) against central finite differences on random inputs. */
class TapePrimitivesTest {
    private final Random rng = new Random(20261122L);

    /** Entries in ±[0.2, 2): away from 0, where max0/leakyMax have their kink. */
    private Matrix signed(int rows, int cols) {
        return random(rng, rows, cols, 0.2, 2.0, true);
    }

    /** Entries in [0.5, 2): safe for log and as divisors. */
    private Matrix positive(int rows, int cols) {
        return random(rng, rows, cols, 0.5, 2.0, false);
    }

    @Test
    void sqrtBackwardMatchesFiniteDifferences() {
        check("sqrt", List.of(positive(3, 4)), (t, in) -> t.sqrt(in.get(0)), 25);
    }

    @Test
    void matmulBackwardMatchesFiniteDifferences() {
        check("matmul", List.of(signed(3, 4), signed(4, 5)), (t, in) -> t.matmul(in.get(0), in.get(1)), 1);
    }

    @Test
    void addBackwardMatchesFiniteDifferencesForEveryBroadcast() {
        for (int[] shape : new int[][]{{3, 4}, {3, 1}, {1, 4}, {1, 1}}) {
            check("add " + shape[0] + "x" + shape[1], List.of(signed(3, 4), signed(shape[0], shape[1])),
                    (t, in) -> t.add(in.get(0), in.get(1)), 2);
        }
    }

    @Test
    void subBackwardMatchesFiniteDifferencesForEveryBroadcast() {
        for (int[] shape : new int[][]{{3, 4}, {3, 1}, {1, 4}, {1, 1}}) {
            check("sub " + shape[0] + "x" + shape[1], List.of(signed(3, 4), signed(shape[0], shape[1])),
                    (t, in) -> t.sub(in.get(0), in.get(1)), 3);
        }
    }

    @Test
    void mulBackwardMatchesFiniteDifferencesForEveryBroadcast() {
        for (int[] shape : new int[][]{{3, 4}, {3, 1}, {1, 4}, {1, 1}}) {
            check("mul " + shape[0] + "x" + shape[1], List.of(signed(3, 4), signed(shape[0], shape[1])),
                    (t, in) -> t.mul(in.get(0), in.get(1)), 4);
        }
    }

    @Test
    void divBackwardMatchesFiniteDifferencesForEveryBroadcast() {
        for (int[] shape : new int[][]{{3, 4}, {3, 1}, {1, 4}, {1, 1}}) {
            check("div " + shape[0] + "x" + shape[1], List.of(signed(3, 4), positive(shape[0], shape[1])),
                    (t, in) -> t.div(in.get(0), in.get(1)), 5);
        }
    }

    @Test
    void unaryBackwardsMatchFiniteDifferences() {
        check("neg", List.of(signed(3, 4)), (t, in) -> t.neg(in.get(0)), 6);
        check("scale", List.of(signed(3, 4)), (t, in) -> t.scale(in.get(0), -2.5), 7);
        check("identity", List.of(signed(3, 4)), (t, in) -> t.identity(in.get(0)), 8);
        check("exp", List.of(signed(3, 4)), (t, in) -> t.exp(in.get(0)), 9);
        check("log", List.of(positive(3, 4)), (t, in) -> t.log(in.get(0)), 10);
        check("max0", List.of(signed(3, 4)), (t, in) -> t.max0(in.get(0)), 11);
        check("leakyMax", List.of(signed(3, 4)), (t, in) -> t.leakyMax(in.get(0), 0.1), 12);
    }

    @Test
    void reductionBackwardsMatchFiniteDifferences() {
        check("sumRows", List.of(signed(3, 4)), (t, in) -> t.sumRows(in.get(0)), 13);
        check("sumCols", List.of(signed(3, 4)), (t, in) -> t.sumCols(in.get(0)), 14);
        check("sumAll", List.of(signed(3, 4)), (t, in) -> t.sumAll(in.get(0)), 15);
        check("meanRows", List.of(signed(3, 4)), (t, in) -> t.meanRows(in.get(0)), 16);
        check("meanCols", List.of(signed(3, 4)), (t, in) -> t.meanCols(in.get(0)), 17);
        check("meanAll", List.of(signed(3, 4)), (t, in) -> t.meanAll(in.get(0)), 18);
    }

    @Test
    void compositionsMatchFiniteDifferences() {
        check("logistic", List.of(signed(3, 4)), (t, in) -> Composites.logistic(t, in.get(0)), 19);
        check("tanh", List.of(signed(3, 4)), (t, in) -> Composites.tanh(t, in.get(0)), 20);
        check("softplus", List.of(signed(3, 4)), (t, in) -> Composites.softplus(t, in.get(0)), 21);
        check("batch norm", List.of(signed(3, 5), signed(3, 1), signed(3, 1)),
                (t, in) -> Composites.batchNorm(t, in.get(0), in.get(1), in.get(2), 1e-3), 24);
        check("softmax", List.of(signed(3, 4)), (t, in) -> Composites.softmax(t, in.get(0), false).yhat(), 22);
        check("log softmax", List.of(signed(3, 4)), (t, in) -> Composites.softmax(t, in.get(0), true).logYhat(), 23);
    }

    @Test
    void aNodeUsedInSeveralPlacesMatchesFiniteDifferences() {
        // x·x + x/x·exp(x): x feeds four ops, so its gradient is the sum of four contributions
        check("reuse", List.of(positive(2, 3)), (t, in) -> {
            Node x = in.get(0);
            return t.add(t.mul(x, x), t.mul(t.div(x, x), t.exp(x)));
        }, 24);
    }

    @Test
    void theCheckerRejectsAPlantedWrongRule() {
        // exp with the rule d e^x/dx = x (wrong): the finite differences must disagree
        assertThatThrownBy(() -> check("planted exp", List.of(signed(2, 3)), (t, in) -> {
            Node x = in.get(0);
            Matrix value = new Matrix(x.value().rows, x.value().cols);
            netgrad.linalg.Ops.map(x.value(), Math::exp, value);
            return t.custom("exp", List.of(x), value, out -> {
                for (int i = 0; i < value.data.length; i++) {
                    x.grad.data[i] += out.grad.data[i] * x.value().data[i];
                }
            });
        }, 25)).isInstanceOf(AssertionError.class).hasMessageContaining("planted exp");
    }
}
