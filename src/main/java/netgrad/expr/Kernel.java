package netgrad.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * An expression compiled once into a tree of array operations: each node is one loop over all n entries
 * (out[i] = x[i] op y[i], out[i] = exp(x[i]), ...) into a scratch array of its own, the root writing the result.
 * Nothing is boxed or looked up per element, so a user-defined g costs about what its elementary operations
 * cost. Scratch arrays are per thread, so one kernel serves the training workers at once.
 */
public final class Kernel {
    /** One node: fills and returns the array holding its n values (z itself for the variable). */
    private abstract static class Step {
        /** The scratch slot this node writes, or −1 for the root (which writes {@code out}). */
        int slot;

        abstract double[] eval(double[] z, double[] out, double[][] scratch, int n);

        double[] target(double[] out, double[][] scratch) {
            return slot < 0 ? out : scratch[slot];
        }
    }

    private final Step root;
    private final int slots;
    private final ThreadLocal<double[][]> scratch;

    private Kernel(Step root, int slots) {
        this.root = root;
        this.slots = slots;
        this.scratch = ThreadLocal.withInitial(() -> new double[slots][0]);
    }

    /** Compiles {@code e} (and the earlier definitions it uses). */
    public static Kernel compile(Expr e) {
        Builder b = new Builder();
        Step root = b.step(e, new Input());
        root.slot = -1;
        return new Kernel(root, b.slots.size());
    }

    /** out[i] = e(z[i]) for i &lt; n; {@code out} may be {@code z} itself. */
    public void apply(double[] z, double[] out, int n) {
        double[][] s = scratch.get();
        if (slots > 0 && s[0].length < n) {
            for (int i = 0; i < slots; i++) {
                s[i] = new double[n];
            }
        }
        double[] result = root.eval(z, out, s, n);
        if (result != out) {
            System.arraycopy(result, 0, out, 0, n); // the root is the variable or a constant's fill
        }
    }

    private static final class Builder {
        final List<Step> slots = new ArrayList<>();

        Step step(Expr e, Step variable) {
            Step s;
            if (e instanceof Expr.Constant c) {
                s = new Fill(c.value());
            } else if (e instanceof Expr.Variable) {
                return variable;
            } else if (e instanceof Expr.Negate n) {
                s = new Unary(null, step(n.operand(), variable));
            } else if (e instanceof Expr.Binary b) {
                if (b.right() instanceof Expr.Constant c) {
                    s = new WithConstant(b.op(), step(b.left(), variable), c.value(), false);
                } else if (b.left() instanceof Expr.Constant c) {
                    s = new WithConstant(b.op(), step(b.right(), variable), c.value(), true);
                } else {
                    s = new BinaryStep(b.op(), step(b.left(), variable), step(b.right(), variable));
                }
            } else if (e instanceof Expr.Call c) {
                Step x = step(c.arguments().get(0), variable);
                s = c.function().arity() == 1 ? new Unary(c.function(), x)
                        : new Pair(c.function(), x, step(c.arguments().get(1), variable));
            } else {
                Expr.Use u = (Expr.Use) e;
                Step argument = step(u.argument(), variable);
                Step body = step(u.definition().body(), new Bound(argument));
                if (body instanceof Bound) {
                    return argument; // the definition is its parameter: nothing to compute
                }
                s = new Then(argument, body);
            }
            s.slot = slots.size();
            slots.add(s);
            return s;
        }
    }

    /** The variable z: its values are the input itself. */
    private static final class Input extends Step {
        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            return z;
        }
    }

    /** The argument of an earlier definition, already computed by {@link Then}. */
    private static final class Bound extends Step {
        final Step argument;

        Bound(Step argument) {
            this.argument = argument;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            return argument instanceof Input || argument instanceof Bound
                    ? argument.eval(z, out, scratch, n) : scratch[argument.slot];
        }
    }

    /** An earlier definition: its argument first, then its body over the argument's values. */
    private static final class Then extends Step {
        final Step argument, body;

        Then(Step argument, Step body) {
            this.argument = argument;
            this.body = body;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            argument.eval(z, out, scratch, n);
            double[] result = body.eval(z, out, scratch, n);
            double[] target = target(out, scratch);
            if (result != target) {
                System.arraycopy(result, 0, target, 0, n);
            }
            return target;
        }
    }

    /** A constant c everywhere. */
    private static final class Fill extends Step {
        final double c;

        Fill(double c) {
            this.c = c;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            double[] t = target(out, scratch);
            java.util.Arrays.fill(t, 0, n, c);
            return t;
        }
    }

    /** −x (function null) or f(x) for a one-argument function. */
    private static final class Unary extends Step {
        final Function f;
        final Step x;

        Unary(Function f, Step x) {
            this.f = f;
            this.x = x;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            double[] a = x.eval(z, out, scratch, n), t = target(out, scratch);
            if (f == null) {
                for (int i = 0; i < n; i++) t[i] = -a[i];
                return t;
            }
            switch (f) {
                case EXP -> { for (int i = 0; i < n; i++) t[i] = Math.exp(a[i]); }
                case LOG -> { for (int i = 0; i < n; i++) t[i] = Math.log(a[i]); }
                case SQRT -> { for (int i = 0; i < n; i++) t[i] = Math.sqrt(a[i]); }
                case ABS -> { for (int i = 0; i < n; i++) t[i] = Math.abs(a[i]); }
                case TANH, LOGISTIC, SOFTPLUS, MAX, MIN -> { for (int i = 0; i < n; i++) t[i] = f.apply(a[i]); }
            }
            return t;
        }
    }

    /** max or min of two expressions. */
    private static final class Pair extends Step {
        final Function f;
        final Step x, y;

        Pair(Function f, Step x, Step y) {
            this.f = f;
            this.x = x;
            this.y = y;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            double[] a = x.eval(z, out, scratch, n), b = y.eval(z, out, scratch, n), t = target(out, scratch);
            if (f == Function.MAX) {
                for (int i = 0; i < n; i++) t[i] = Math.max(a[i], b[i]);
            } else {
                for (int i = 0; i < n; i++) t[i] = Math.min(a[i], b[i]);
            }
            return t;
        }
    }

    /** x op y over two arrays. */
    private static final class BinaryStep extends Step {
        final Expr.Op op;
        final Step x, y;

        BinaryStep(Expr.Op op, Step x, Step y) {
            this.op = op;
            this.x = x;
            this.y = y;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            double[] a = x.eval(z, out, scratch, n), b = y.eval(z, out, scratch, n), t = target(out, scratch);
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) t[i] = a[i] + b[i]; }
                case SUB -> { for (int i = 0; i < n; i++) t[i] = a[i] - b[i]; }
                case MUL -> { for (int i = 0; i < n; i++) t[i] = a[i] * b[i]; }
                case DIV -> { for (int i = 0; i < n; i++) t[i] = a[i] / b[i]; }
                case POW -> { for (int i = 0; i < n; i++) t[i] = Math.pow(a[i], b[i]); }
            }
            return t;
        }
    }

    /** x op c, or c op x when {@code constantFirst}. */
    private static final class WithConstant extends Step {
        final Expr.Op op;
        final Step x;
        final double c;
        final boolean constantFirst;

        WithConstant(Expr.Op op, Step x, double c, boolean constantFirst) {
            this.op = op;
            this.x = x;
            this.c = c;
            this.constantFirst = constantFirst;
        }

        double[] eval(double[] z, double[] out, double[][] scratch, int n) {
            double[] a = x.eval(z, out, scratch, n), t = target(out, scratch);
            if (constantFirst) {
                switch (op) {
                    case ADD -> { for (int i = 0; i < n; i++) t[i] = c + a[i]; }
                    case SUB -> { for (int i = 0; i < n; i++) t[i] = c - a[i]; }
                    case MUL -> { for (int i = 0; i < n; i++) t[i] = c * a[i]; }
                    case DIV -> { for (int i = 0; i < n; i++) t[i] = c / a[i]; }
                    case POW -> { for (int i = 0; i < n; i++) t[i] = Math.pow(c, a[i]); }
                }
            } else {
                switch (op) {
                    case ADD -> { for (int i = 0; i < n; i++) t[i] = a[i] + c; }
                    case SUB -> { for (int i = 0; i < n; i++) t[i] = a[i] - c; }
                    case MUL -> { for (int i = 0; i < n; i++) t[i] = a[i] * c; }
                    case DIV -> { for (int i = 0; i < n; i++) t[i] = a[i] / c; }
                    case POW -> {
                        if (c == 2) {
                            for (int i = 0; i < n; i++) t[i] = a[i] * a[i];
                        } else {
                            for (int i = 0; i < n; i++) t[i] = Math.pow(a[i], c);
                        }
                    }
                }
            }
            return t;
        }
    }
}
