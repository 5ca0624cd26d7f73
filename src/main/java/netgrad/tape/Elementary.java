package netgrad.tape;

import java.util.List;

import netgrad.linalg.Matrix;

/**
 * The elementary operations that user-defined activations add to the tape's own (issue 13): √x, |x|, x^y,
 * max(x, y) and min(x, y), elementwise on same-shaped nodes, each with its local backward rule. Where a
 * function is not differentiable (|x| at 0, max and min at a tie) the rule takes one side, as max0 does:
 * d|x|/dx = 0 at 0, and a tie sends the whole gradient to the first argument.
 */
public final class Elementary {
    private Elementary() {}

    /** √X. */
    public static Node sqrt(Tape t, Node x) {
        Matrix c = map(x.value(), Math::sqrt);
        return t.custom("sqrt", List.of(x), c, out -> {
            double[] g = out.grad.data, gx = x.grad.data, cv = c.data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += g[i] / (2.0 * cv[i]); // d√x/dx = 1/(2√x)
            }
        });
    }

    /** |X|. */
    public static Node abs(Tape t, Node x) {
        Matrix c = map(x.value(), Math::abs);
        return t.custom("abs", List.of(x), c, out -> {
            double[] g = out.grad.data, gx = x.grad.data, xv = x.value().data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += g[i] * Math.signum(xv[i]); // d|x|/dx = sign x (0 at 0)
            }
        });
    }

    /** X^Y, elementwise; X and Y have the same shape. */
    public static Node pow(Tape t, Node x, Node y) {
        Matrix xv = x.value(), yv = y.value();
        same("pow", xv, yv);
        Matrix c = new Matrix(xv.rows, xv.cols);
        for (int i = 0; i < c.data.length; i++) {
            c.data[i] = Math.pow(xv.data[i], yv.data[i]);
        }
        return t.custom("pow", List.of(x, y), c, out -> {
            double[] g = out.grad.data, cv = c.data;
            if (x.requiresGrad()) {
                double[] gx = x.grad.data;
                for (int i = 0; i < gx.length; i++) {
                    gx[i] += g[i] * yv.data[i] * Math.pow(xv.data[i], yv.data[i] - 1); // ∂x^y/∂x = y·x^(y−1)
                }
            }
            if (y.requiresGrad()) {
                double[] gy = y.grad.data;
                for (int i = 0; i < gy.length; i++) {
                    gy[i] += g[i] * cv[i] * Math.log(xv.data[i]); // ∂x^y/∂y = x^y·log x
                }
            }
        });
    }

    /** max(X, Y), elementwise; a tie counts as X. */
    public static Node max(Tape t, Node x, Node y) {
        return choose("max", t, x, y, true);
    }

    /** min(X, Y), elementwise; a tie counts as X. */
    public static Node min(Tape t, Node x, Node y) {
        return choose("min", t, x, y, false);
    }

    private static Node choose(String op, Tape t, Node x, Node y, boolean larger) {
        Matrix xv = x.value(), yv = y.value();
        same(op, xv, yv);
        boolean[] first = new boolean[xv.data.length];
        Matrix c = new Matrix(xv.rows, xv.cols);
        for (int i = 0; i < first.length; i++) {
            first[i] = larger ? xv.data[i] >= yv.data[i] : xv.data[i] <= yv.data[i];
            c.data[i] = first[i] ? xv.data[i] : yv.data[i];
        }
        return t.custom(op, List.of(x, y), c, out -> {
            double[] g = out.grad.data;
            for (int i = 0; i < g.length; i++) {
                if (first[i] && x.requiresGrad()) {
                    x.grad.data[i] += g[i]; // ∂max/∂x = 1 where x is chosen
                } else if (!first[i] && y.requiresGrad()) {
                    y.grad.data[i] += g[i]; // ∂max/∂y = 1 where y is chosen
                }
            }
        });
    }

    private static void same(String op, Matrix a, Matrix b) {
        if (!a.sameShape(b)) {
            throw Tape.shapes(op, a, b);
        }
    }

    private static Matrix map(Matrix a, java.util.function.DoubleUnaryOperator f) {
        Matrix c = new Matrix(a.rows, a.cols);
        for (int i = 0; i < c.data.length; i++) {
            c.data[i] = f.applyAsDouble(a.data[i]);
        }
        return c;
    }
}
