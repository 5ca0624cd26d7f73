package netgrad.tape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.linalg.Parallelism;

/**
 * A Wengert list of matrix-valued nodes in recording order: reverse-mode automatic differentiation built from
 * elementary operations only. Each primitive computes its value and stores its local backward rule beside it;
 * {@link #backward(Node)} walks the list from the output back to the start (no recursion, fixed order) and every
 * rule adds (+=) its contribution into its inputs' gradients, so a node used several times gets the sum.
 *
 * <p>Binary elementwise ops ({@link #add}, {@link #sub}, {@link #mul}, {@link #div}) broadcast their second
 * argument: b may have a's shape m×p, or be a column m×1 (the bias b_k added to every example), a row 1×p
 * (one number per example, e.g. a column sum) or a scalar 1×1. The gradient of a broadcast b is the sum of
 * the incoming gradient over the broadcast dimensions. Shape errors throw {@link IllegalArgumentException}
 * naming the op and both shapes, e.g. {@code matmul: shapes do not fit: (3x4) (5x2)}.
 *
 * <p>Higher functions (logistic, tanh, softplus, softmax, losses) are compositions in {@link Composites}.
 */
public final class Tape {
    private final List<Node> nodes = new ArrayList<>();
    private final Parallelism products;

    /** A tape whose matrix products use {@link Parallelism#DEFAULT}. */
    public Tape() {
        this(Parallelism.DEFAULT);
    }

    /** A tape whose matrix products (forward and backward) are split over up to {@code products} threads. */
    public Tape(Parallelism products) {
        this.products = products;
    }

    /** All nodes in recording order (unmodifiable view); {@code nodes().get(i).id() == i}. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Gives {@code node} the plan quantity it computes (e.g. "a2") and returns it. */
    public Node label(Node node, String label) {
        owned(node, "label");
        node.label(label);
        return node;
    }

    // ---- leaves -------------------------------------------------------------------------------------------

    /** A constant (a copy of {@code value}): inputs, targets, fixed numbers. It receives no gradient. */
    public Node constant(Matrix value, String label) {
        return record("constant", label, value.copy(), List.of(), false, null);
    }

    /** A 1×1 constant c. */
    public Node scalar(double c) {
        return record("constant", null, Matrix.column(c), List.of(), false, null);
    }

    /** A parameter (a copy of {@code value}) named like W1 or b1; its gradient is ∂L/∂θ. */
    public Node parameter(Matrix value, String name) {
        return record("parameter", name, value.copy(), List.of(), true, null);
    }

    // ---- products and elementwise binary ops ---------------------------------------------------------------

    /** C = A·B: A is m×n, B is n×p, C is m×p. */
    public Node matmul(Node a, Node b) {
        Matrix av = a.value(), bv = b.value();
        if (av.cols != bv.rows) {
            throw shapes("matmul", av, bv);
        }
        Matrix c = new Matrix(av.rows, bv.cols);
        Ops.mult(products, av, bv, c);
        return record("matmul", List.of(a, b), c, out -> {
            if (a.requiresGrad()) {
                Matrix t = new Matrix(av.rows, av.cols);
                Ops.multTransB(products, out.grad, bv, t); // ∂L/∂A += ∂L/∂C · Bᵀ
                Ops.addScaled(1.0, t, a.grad);
            }
            if (b.requiresGrad()) {
                Matrix t = new Matrix(bv.rows, bv.cols);
                Ops.multTransA(products, av, out.grad, t); // ∂L/∂B += Aᵀ · ∂L/∂C
                Ops.addScaled(1.0, t, b.grad);
            }
        });
    }

    /** C = A + B (B broadcast). */
    public Node add(Node a, Node b) {
        Broadcast bc = Broadcast.of("add", a.value(), b.value());
        Matrix c = bc.apply((x, y) -> x + y);
        return record("add", List.of(a, b), c, out -> {
            accumulate(a, out.grad, 1.0); // ∂C/∂A = 1
            if (b.requiresGrad()) {
                bc.reduceInto(b.grad, out.grad.data, 1.0); // ∂C/∂B = 1, summed over broadcast copies
            }
        });
    }

    /** C = A − B (B broadcast). */
    public Node sub(Node a, Node b) {
        Broadcast bc = Broadcast.of("sub", a.value(), b.value());
        Matrix c = bc.apply((x, y) -> x - y);
        return record("sub", List.of(a, b), c, out -> {
            accumulate(a, out.grad, 1.0); // ∂C/∂A = 1
            if (b.requiresGrad()) {
                bc.reduceInto(b.grad, out.grad.data, -1.0); // ∂C/∂B = −1, summed over broadcast copies
            }
        });
    }

    /** C = A ⊙ B, elementwise (B broadcast). */
    public Node mul(Node a, Node b) {
        Broadcast bc = Broadcast.of("mul", a.value(), b.value());
        Matrix c = bc.apply((x, y) -> x * y);
        return record("mul", List.of(a, b), c, out -> {
            double[] g = out.grad.data, av = a.value().data, bv = b.value().data;
            if (a.requiresGrad()) {
                double[] ga = a.grad.data;
                for (int i = 0; i < ga.length; i++) {
                    ga[i] += g[i] * bv[bc.index(i)]; // ∂C/∂A = B
                }
            }
            if (b.requiresGrad()) {
                double[] t = new double[g.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = g[i] * av[i]; // ∂C/∂B = A
                }
                bc.reduceInto(b.grad, t, 1.0);
            }
        });
    }

    /** C = A ⊘ B, elementwise division (B broadcast). */
    public Node div(Node a, Node b) {
        Broadcast bc = Broadcast.of("div", a.value(), b.value());
        Matrix c = bc.apply((x, y) -> x / y);
        return record("div", List.of(a, b), c, out -> {
            double[] g = out.grad.data, bv = b.value().data, cv = c.data;
            if (a.requiresGrad()) {
                double[] ga = a.grad.data;
                for (int i = 0; i < ga.length; i++) {
                    ga[i] += g[i] / bv[bc.index(i)]; // ∂C/∂A = 1/B
                }
            }
            if (b.requiresGrad()) {
                double[] t = new double[g.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = -g[i] * cv[i] / bv[bc.index(i)]; // ∂C/∂B = −A/B² = −C/B
                }
                bc.reduceInto(b.grad, t, 1.0);
            }
        });
    }

    // ---- elementwise unary ops -----------------------------------------------------------------------------

    /** −X. */
    public Node neg(Node x) {
        Matrix c = map(x.value(), v -> -v);
        return record("neg", List.of(x), c, out -> accumulate(x, out.grad, -1.0)); // ∂(−X)/∂X = −1
    }

    /** c·X for a number c. */
    public Node scale(Node x, double factor) {
        Matrix c = map(x.value(), v -> factor * v);
        return record("scale", List.of(x), c, out -> accumulate(x, out.grad, factor)); // ∂(cX)/∂X = c
    }

    /** X itself as a new node (for quantities equal to another, e.g. h_k = a_k with an identity activation). */
    public Node identity(Node x) {
        Matrix c = x.value().copy();
        return record("identity", List.of(x), c, out -> accumulate(x, out.grad, 1.0)); // ∂X/∂X = 1
    }

    /** e^X, elementwise. */
    public Node exp(Node x) {
        Matrix c = map(x.value(), Math::exp);
        return record("exp", List.of(x), c, out -> {
            double[] g = out.grad.data, gx = x.grad.data, cv = c.data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += g[i] * cv[i]; // d e^x/dx = e^x
            }
        });
    }

    /** log X (natural), elementwise. */
    public Node log(Node x) {
        Matrix c = map(x.value(), Math::log);
        return record("log", List.of(x), c, out -> {
            double[] g = out.grad.data, gx = x.grad.data, xv = x.value().data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += g[i] / xv[i]; // d log x/dx = 1/x
            }
        });
    }

    /** √X, elementwise (X &gt; 0 where a gradient is taken). */
    public Node sqrt(Node x) {
        Matrix c = map(x.value(), Math::sqrt);
        return record("sqrt", List.of(x), c, out -> {
            double[] g = out.grad.data, gx = x.grad.data, cv = c.data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += g[i] / (2 * cv[i]); // d √x/dx = 1/(2√x)
            }
        });
    }

    /** max(X, 0), elementwise (ReLU); the derivative at 0 is taken as 0. */
    public Node max0(Node x) {
        return leaky("max0", x, 0.0);
    }

    /** max(X, 0) + slope·min(X, 0), elementwise (leaky ReLU); the derivative at 0 is taken as slope. */
    public Node leakyMax(Node x, double slope) {
        return leaky("leakyMax", x, slope);
    }

    private Node leaky(String op, Node x, double slope) {
        Matrix c = map(x.value(), v -> v > 0 ? v : slope * v);
        return record(op, List.of(x), c, out -> {
            double[] g = out.grad.data, gx = x.grad.data, xv = x.value().data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += xv[i] > 0 ? g[i] : slope * g[i]; // d/dx = 1 for x > 0, slope otherwise
            }
        });
    }

    // ---- reductions ----------------------------------------------------------------------------------------

    /** s = X·1, the sum of each row: m×p → m×1. */
    public Node sumRows(Node x) {
        return reduce("sumRows", x, true, false, 1.0);
    }

    /** s = 1ᵀ·X, the sum of each column (each example): m×p → 1×p. */
    public Node sumCols(Node x) {
        return reduce("sumCols", x, false, true, 1.0);
    }

    /** s = Σ_ij X_ij: m×p → 1×1. */
    public Node sumAll(Node x) {
        return reduce("sumAll", x, true, true, 1.0);
    }

    /** The mean of each row (over examples): m×p → m×1. */
    public Node meanRows(Node x) {
        return reduce("meanRows", x, true, false, 1.0 / x.value().cols);
    }

    /** The mean of each column: m×p → 1×p. */
    public Node meanCols(Node x) {
        return reduce("meanCols", x, false, true, 1.0 / x.value().rows);
    }

    /** The mean of all entries: m×p → 1×1. */
    public Node meanAll(Node x) {
        return reduce("meanAll", x, true, true, 1.0 / x.value().size());
    }

    private Node reduce(String op, Node x, boolean overCols, boolean overRows, double factor) {
        Matrix xv = x.value();
        Matrix s = new Matrix(overRows ? 1 : xv.rows, overCols ? 1 : xv.cols);
        Broadcast bc = Broadcast.of(op, xv, s);
        bc.reduceInto(s, xv.data, factor);
        return record(op, List.of(x), s, out -> {
            double[] g = out.grad.data, gx = x.grad.data;
            for (int i = 0; i < gx.length; i++) {
                gx[i] += factor * g[bc.index(i)]; // ∂s/∂X_ij = factor for the s entry X_ij was summed into
            }
        });
    }

    /**
     * The largest entry of each column, 1×p, recorded as a constant: no gradient flows through it. Used only as a
     * shift that cancels out mathematically (softmax(a − m) = softmax(a) for any m), so blocking it is exact.
     */
    public Node colMax(Node x) {
        Matrix xv = x.value();
        Matrix m = new Matrix(1, xv.cols);
        Arrays.fill(m.data, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < xv.rows; i++) {
            for (int j = 0; j < xv.cols; j++) {
                m.data[j] = Math.max(m.data[j], xv.data[i * xv.cols + j]);
            }
        }
        return record("colMax", null, m, List.of(x), false, null);
    }

    // ---- backward ------------------------------------------------------------------------------------------

    /**
     * Sets every node's gradient to ∂output/∂node: zeroes all gradients, seeds ∂output/∂output = 1 and runs the
     * local rules from {@code output} back to the first node. Calling it again recomputes, it does not add.
     *
     * @param output a 1×1 node of this tape (the loss)
     */
    public void backward(Node output) {
        owned(output, "backward");
        if (output.value().rows != 1 || output.value().cols != 1) {
            throw new IllegalArgumentException("backward: output must be (1x1), not " + output.value().shape());
        }
        for (Node n : nodes) {
            if (n.grad == null) {
                n.grad = new Matrix(n.value().rows, n.value().cols);
            } else {
                Arrays.fill(n.grad.data, 0.0);
            }
        }
        output.grad.data[0] = 1.0;
        for (int i = output.id(); i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.requiresGrad() && n.rule() != null) {
                n.rule().propagate(n);
            }
        }
    }

    /** Records a node with a caller-given rule. Package-private: tests plant wrong rules to show the checks fail. */
    Node custom(String op, List<Node> inputs, Matrix value, Node.Rule rule) {
        return record(op, inputs, value, rule);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Node record(String op, List<Node> inputs, Matrix value, Node.Rule rule) {
        for (Node in : inputs) {
            owned(in, op);
        }
        boolean requiresGrad = inputs.stream().anyMatch(Node::requiresGrad);
        return record(op, null, value, inputs, requiresGrad, rule);
    }

    private Node record(String op, String label, Matrix value, List<Node> inputs, boolean requiresGrad, Node.Rule rule) {
        Node n = new Node(nodes.size(), op, label, value, inputs, requiresGrad, rule);
        nodes.add(n);
        return n;
    }

    private void owned(Node n, String op) {
        if (n.id() >= nodes.size() || nodes.get(n.id()) != n) {
            throw new IllegalArgumentException(op + ": node " + n + " belongs to another tape");
        }
    }

    /** ∂L/∂X += factor · ∂L/∂C for a same-shaped input X (skipped when X needs no gradient). */
    private static void accumulate(Node x, Matrix g, double factor) {
        if (x.requiresGrad()) {
            Ops.addScaled(factor, g, x.grad);
        }
    }

    private static Matrix map(Matrix a, java.util.function.DoubleUnaryOperator f) {
        Matrix c = new Matrix(a.rows, a.cols);
        Ops.map(a, f, c);
        return c;
    }

    static IllegalArgumentException shapes(String op, Matrix a, Matrix b) {
        return new IllegalArgumentException(op + ": shapes do not fit: " + a.shape() + " " + b.shape());
    }
}
