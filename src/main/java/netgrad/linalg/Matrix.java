package netgrad.linalg;

import java.util.Arrays;

/**
 * A dense matrix of doubles stored row-major in one array: entry (i, j) is {@code data[i * cols + j]}.
 * Vectors are n × 1 matrices; a batch of B examples is stored as columns (n × B), the lecture's layout.
 * The numeric operations live in {@link Ops}; this class only holds the numbers.
 */
public final class Matrix {
    public final int rows;
    public final int cols;
    public final double[] data;

    public Matrix(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} (not copied); its length must be rows·cols. */
    public Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0 || data.length != (long) rows * cols) {
            throw new IllegalArgumentException("cannot wrap " + data.length + " values as (" + rows + "x" + cols + ")");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    private static int checkedSize(int rows, int cols) {
        long n = (long) rows * cols;
        if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix too large: (" + rows + "x" + cols + ")");
        }
        return (int) n;
    }

    /** A matrix from nested rows, e.g. {@code of(new double[][]{{1, 2}, {3, 4}})}. */
    public static Matrix of(double[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("ragged rows: row " + i + " has " + values[i].length + " values, not " + c);
            }
            System.arraycopy(values[i], 0, m.data, i * c, c);
        }
        return m;
    }

    /** An n × 1 column vector. */
    public static Matrix column(double... values) {
        return new Matrix(values.length, 1, values.clone());
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double value) {
        data[i * cols + j] = value;
    }

    public int size() {
        return data.length;
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** The transpose as a new matrix. */
    public Matrix transpose() {
        Matrix t = new Matrix(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.data[j * rows + i] = data[i * cols + j];
            }
        }
        return t;
    }

    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
        }
        return out;
    }

    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /** "(3x4)", the format every shape error uses. */
    public String shape() {
        return "(" + rows + "x" + cols + ")";
    }

    @Override
    public String toString() {
        return "Matrix" + shape() + Arrays.deepToString(toArray());
    }
}
