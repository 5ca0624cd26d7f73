package netgrad.tape;

import java.util.Arrays;

import netgrad.expr.Expr;
import netgrad.linalg.Matrix;

/**
 * A user-defined g(z) recorded from its elementary operations (issue 13): every +, −, ·, /, ^, exp, log, √, |·|,
 * tanh, σ, softplus, max and min becomes tape nodes, so the tape differentiates the definition itself and never
 * reads the derivative its author wrote. Numbers become constants of z's shape.
 */
public final class Expressions {
    private Expressions() {}

    /** g(z) for the node z, every entry at once. */
    public static Node record(Tape t, Expr e, Node z) {
        if (e instanceof Expr.Constant c) {
            Matrix fill = new Matrix(z.value().rows, z.value().cols);
            Arrays.fill(fill.data, c.value());
            return t.constant(fill, null);
        }
        if (e instanceof Expr.Variable) {
            return z;
        }
        if (e instanceof Expr.Negate n) {
            return t.neg(record(t, n.operand(), z));
        }
        if (e instanceof Expr.Binary b) {
            Node x = record(t, b.left(), z), y = record(t, b.right(), z);
            return switch (b.op()) {
                case ADD -> t.add(x, y);
                case SUB -> t.sub(x, y);
                case MUL -> t.mul(x, y);
                case DIV -> t.div(x, y);
                case POW -> Elementary.pow(t, x, y);
            };
        }
        if (e instanceof Expr.Call c) {
            Node x = record(t, c.arguments().get(0), z);
            return switch (c.function()) {
                case EXP -> t.exp(x);
                case LOG -> t.log(x);
                case SQRT -> Elementary.sqrt(t, x);
                case ABS -> Elementary.abs(t, x);
                case TANH -> Composites.tanh(t, x);
                case LOGISTIC -> Composites.logistic(t, x);
                case SOFTPLUS -> Composites.softplus(t, x);
                case MAX -> Elementary.max(t, x, record(t, c.arguments().get(1), z));
                case MIN -> Elementary.min(t, x, record(t, c.arguments().get(1), z));
            };
        }
        Expr.Use u = (Expr.Use) e;
        return record(t, u.definition().body(), record(t, u.argument(), z));
    }
}
