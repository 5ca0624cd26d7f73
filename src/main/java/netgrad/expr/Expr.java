package netgrad.expr;

import java.util.List;
import java.util.function.Consumer;

/**
 * A resolved expression of one variable z (a definition's parameter): what a user-defined activation's g(z)
 * and g′(z) are made of. Names are resolved (functions, constants, earlier definitions), so engines switch
 * on the record types only. {@link #at} evaluates it at one z (no boxing, no arrays: for finite differences,
 * grids and charts); {@link Kernel} compiles it once for whole matrices.
 */
public sealed interface Expr {
    /** A number; {@code text} is how it was written ({@code 0.5}, {@code e}, {@code pi}). */
    record Constant(double value, String text) implements Expr {}

    /** The parameter z. */
    record Variable() implements Expr {}

    /** −x. */
    record Negate(Expr operand) implements Expr {}

    /** x op y. */
    record Binary(Op op, Expr left, Expr right) implements Expr {}

    /** A built-in function applied to its arguments (as many as its arity). */
    record Call(Function function, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** An earlier definition applied to an argument: its body with its parameter bound to the argument's value. */
    record Use(Definition definition, Expr argument) implements Expr {}

    /** The binary operators, each with its symbol as written. */
    enum Op {
        ADD('+'), SUB('-'), MUL('*'), DIV('/'), POW('^');

        public final char symbol;

        Op(char symbol) {
            this.symbol = symbol;
        }

        public static Op of(char symbol) {
            for (Op op : values()) {
                if (op.symbol == symbol) {
                    return op;
                }
            }
            throw new IllegalArgumentException("no operator " + symbol);
        }

        public double apply(double x, double y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case POW -> Math.pow(x, y);
            };
        }
    }

    /** The value at {@code z}. */
    default double at(double z) {
        if (this instanceof Constant c) {
            return c.value();
        } else if (this instanceof Variable) {
            return z;
        } else if (this instanceof Negate n) {
            return -n.operand().at(z);
        } else if (this instanceof Binary b) {
            return b.op().apply(b.left().at(z), b.right().at(z));
        } else if (this instanceof Call c) {
            return c.function().arity() == 1
                    ? c.function().apply(c.arguments().get(0).at(z))
                    : c.function().apply(c.arguments().get(0).at(z), c.arguments().get(1).at(z));
        }
        Use u = (Use) this;
        return u.definition().body().at(u.argument().at(z));
    }

    /**
     * The kinks of this expression as functions of z, each zero exactly where it is not differentiable:
     * the argument of every abs, and a − b for every max(a, b) and min(a, b), through earlier definitions too.
     */
    default List<Expr> kinks() {
        List<Expr> kinks = new java.util.ArrayList<>();
        collectKinks(this, new Variable(), kinks::add);
        return List.copyOf(kinks);
    }

    private static void collectKinks(Expr e, Expr bound, Consumer<Expr> out) {
        if (e instanceof Negate n) {
            collectKinks(n.operand(), bound, out);
        } else if (e instanceof Binary b) {
            collectKinks(b.left(), bound, out);
            collectKinks(b.right(), bound, out);
        } else if (e instanceof Call c) {
            c.arguments().forEach(a -> collectKinks(a, bound, out));
            if (c.function().hasKink()) {
                Expr kink = c.function() == Function.ABS ? c.arguments().get(0)
                        : new Binary(Op.SUB, c.arguments().get(0), c.arguments().get(1));
                out.accept(substitute(kink, bound));
            }
        } else if (e instanceof Use u) {
            collectKinks(u.argument(), bound, out);
            collectKinks(u.definition().body(), substitute(u.argument(), bound), out);
        }
    }

    /** {@code e} with its variable replaced by {@code value}. */
    static Expr substitute(Expr e, Expr value) {
        if (e instanceof Variable) {
            return value;
        } else if (e instanceof Negate n) {
            return new Negate(substitute(n.operand(), value));
        } else if (e instanceof Binary b) {
            return new Binary(b.op(), substitute(b.left(), value), substitute(b.right(), value));
        } else if (e instanceof Call c) {
            return new Call(c.function(), c.arguments().stream().map(a -> substitute(a, value)).toList());
        } else if (e instanceof Use u) {
            return new Use(u.definition(), substitute(u.argument(), value));
        }
        return e; // a constant
    }
}
