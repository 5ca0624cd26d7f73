package netgrad.tape;

import java.util.function.DoubleBinaryOperator;

import netgrad.linalg.Matrix;

/**
 * How a second operand b (m×p, m×1, 1×p or 1×1) lines up with a full m×p operand a: entry i of a (row-major)
 * meets entry {@link #index(int)} of b. The gradient of a broadcast b sums over the copies it was spread to.
 */
final class Broadcast {
    private final Matrix a;
    private final Matrix b;
    private final boolean oneRow;
    private final boolean oneCol;

    private Broadcast(Matrix a, Matrix b) {
        this.a = a;
        this.b = b;
        this.oneRow = b.rows == 1;
        this.oneCol = b.cols == 1;
    }

    static Broadcast of(String op, Matrix a, Matrix b) {
        boolean rowsFit = b.rows == a.rows || b.rows == 1;
        boolean colsFit = b.cols == a.cols || b.cols == 1;
        if (!rowsFit || !colsFit) {
            throw Tape.shapes(op, a, b);
        }
        return new Broadcast(a, b);
    }

    /** The index into b's data of the entry that meets a's entry {@code i} (row-major). */
    int index(int i) {
        int row = oneRow ? 0 : i / a.cols;
        int col = oneCol ? 0 : i % a.cols;
        return row * b.cols + col;
    }

    /** C_i = f(a_i, b_index(i)), a new matrix of a's shape. */
    Matrix apply(DoubleBinaryOperator f) {
        Matrix c = new Matrix(a.rows, a.cols);
        double[] av = a.data, bv = b.data, cv = c.data;
        if (!oneRow && !oneCol) {
            for (int i = 0; i < cv.length; i++) {
                cv[i] = f.applyAsDouble(av[i], bv[i]);
            }
        } else {
            for (int i = 0; i < cv.length; i++) {
                cv[i] = f.applyAsDouble(av[i], bv[index(i)]);
            }
        }
        return c;
    }

    /** target_index(i) += factor · full_i for every entry i of a full (a-shaped) array; target has b's shape. */
    void reduceInto(Matrix target, double[] full, double factor) {
        double[] t = target.data;
        for (int i = 0; i < full.length; i++) {
            t[index(i)] += factor * full[i];
        }
    }
}
