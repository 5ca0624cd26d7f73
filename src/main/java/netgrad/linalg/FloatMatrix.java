package netgrad.linalg;

/**
 * A dense matrix of floats stored row-major in one array, entry (i, j) at {@code data[i * cols + j]}: the float32
 * counterpart of {@link Matrix}, for training in single precision ({@link FloatOps}). The reference engines
 * (backprop, tape, finite differences) and verify never use it: they stay in double.
 */
public final class FloatMatrix {
    public final int rows;
    public final int cols;
    public final float[] data;

    public FloatMatrix(int rows, int cols) {
        this(rows, cols, new float[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} (not copied); its length must be rows·cols. */
    public FloatMatrix(int rows, int cols, float[] data) {
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

    /** Each entry of {@code m} rounded to the nearest float. */
    public static FloatMatrix rounded(Matrix m) {
        FloatMatrix f = new FloatMatrix(m.rows, m.cols);
        for (int i = 0; i < f.data.length; i++) f.data[i] = (float) m.data[i];
        return f;
    }

    /** The same numbers as doubles (exactly: every float is a double). */
    public Matrix widened() {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < data.length; i++) m.data[i] = data[i];
        return m;
    }

    public float get(int i, int j) {
        return data[i * cols + j];
    }

    public int size() {
        return data.length;
    }

    public boolean sameShape(FloatMatrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /** "(3x4)", as {@link Matrix#shape()}. */
    public String shape() {
        return "(" + rows + "x" + cols + ")";
    }
}
