package netgrad.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import netgrad.expr.Definition;
import netgrad.expr.Expr;
import netgrad.expr.Kernel;
import netgrad.expr.Printer;
import netgrad.linalg.Matrix;
import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.source.Diagnostic;
import netgrad.tape.Expressions;
import netgrad.tape.Node;
import netgrad.tape.Tape;

/**
 * {@code netgrad check}'s test of a user-defined activation's claim (issue 13): the derivative its author wrote
 * against the tape's derivative of the definition (recorded from its elementary operations), on the grid
 * z = −10, −9.75, …, 10 plus the points 10⁻³ either side of every kink of abs, max and min in [−10, 10].
 * Points within 10⁻⁹ of a kink, and points where g or g′ is not finite, are skipped and listed.
 */
public final class DerivativeClaims {
    private DerivativeClaims() {}

    /** The grid's half-width and step. */
    static final double RANGE = 10.0, STEP = 0.25;
    /** How far from a kink the extra points lie, and how close to one a point counts as on it. */
    static final double NEAR = 1e-3, ON = 1e-9;
    /** |yours − tape| ≤ ABS + REL·max(|yours|, |tape|) counts as agreement. */
    static final double ABS = 1e-8, REL = 1e-6;

    /**
     * The outcome for one definition.
     *
     * @param definition the definition checked
     * @param points     the points compared
     * @param skipped    the points left out, with why ("abs is not differentiable there")
     * @param wrong      the point nearest 0 where the claim is wrong, or null
     */
    public record Result(Definition definition, int points, Map<Double, String> skipped, Disagreement wrong) {
        public boolean ok() {
            return wrong == null;
        }

        /**
         * The error at the derivative's position, for a wrong claim; the definition is written out when the
         * headline then fits in 100 columns.
         */
        public Diagnostic diagnostic() {
            String z = definition.parameter();
            String at = " at " + z + " = " + number(wrong.z()) + ": yours " + number(wrong.yours())
                    + ", from the definition " + number(wrong.tape());
            String message = "derivative of " + definition.name() + " disagrees with d/d" + z + " "
                    + definition.bodyText() + at;
            Diagnostic full = new Diagnostic(definition.derivativePos(), definition.derivativeLength(), message);
            return full.headline().length() <= 100 ? full : new Diagnostic(definition.derivativePos(),
                    definition.derivativeLength(), "derivative of " + definition.name() + " is wrong" + at);
        }

        /** Lines for stdout: how many points agree, then which were skipped and why (one line each). */
        public List<String> summary() {
            List<String> lines = new ArrayList<>();
            String head = definition.name() + ": derivative agrees with d/d" + definition.parameter() + " "
                    + definition.bodyText();
            lines.add((head.length() > 80 ? definition.name() + ": derivative agrees with its definition's" : head)
                    + " at " + points + " points");
            skipped.forEach((z, why) -> lines.add("  skipped " + definition.parameter() + " = " + number(z)
                    + ": " + why));
            return lines;
        }
    }

    /** Where a claim is wrong: yours is the author's g′(z), tape the tape's derivative of g at z. */
    public record Disagreement(double z, double yours, double tape) {}

    /** Every definition a plan's layers use, and the earlier ones those use, each once, in first-use order. */
    public static List<Definition> definitions(Plan plan) {
        Map<String, Definition> found = new LinkedHashMap<>();
        for (Layer layer : plan.layers()) {
            if (layer instanceof Layer.Hidden h && h.activation().kind() == Activation.Kind.DEFINED) {
                collect(((Activation.Defined) h.activation()).definition(), found);
            }
        }
        return List.copyOf(found.values());
    }

    private static void collect(Definition d, Map<String, Definition> found) {
        if (found.containsKey(d.name())) {
            return;
        }
        List<Definition> used = new ArrayList<>();
        uses(d.body(), used);
        uses(d.derivative(), used);
        used.forEach(u -> collect(u, found));
        found.put(d.name(), d);
    }

    private static void uses(Expr e, List<Definition> out) {
        if (e instanceof Expr.Negate n) {
            uses(n.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            uses(b.left(), out);
            uses(b.right(), out);
        } else if (e instanceof Expr.Call c) {
            c.arguments().forEach(a -> uses(a, out));
        } else if (e instanceof Expr.Use u) {
            out.add(u.definition());
            uses(u.argument(), out);
        }
    }

    /** Checks one definition's claim. */
    public static Result check(Definition d) {
        List<Expr> kinks = d.body().kinks();
        TreeSet<Double> grid = new TreeSet<>();
        for (int i = 0; i <= Math.round(2 * RANGE / STEP); i++) {
            grid.add(-RANGE + i * STEP);
        }
        for (Expr kink : kinks) {
            for (double r : roots(kink)) {
                grid.add(r - NEAR);
                grid.add(r + NEAR);
            }
        }
        Map<Double, String> skipped = new LinkedHashMap<>();
        List<Double> points = new ArrayList<>();
        for (double z : grid) {
            String why = null;
            for (Expr kink : kinks) {
                if (Math.abs(kink.at(z)) < ON) {
                    why = "a kink of the definition, where " + Printer.text(kink, d.parameter()) + " = 0";
                }
            }
            if (why == null && !Double.isFinite(d.body().at(z))) {
                why = "the definition is not finite there";
            }
            if (why == null) {
                points.add(z);
            } else {
                skipped.put(z, why);
            }
        }
        double[] zs = points.stream().mapToDouble(Double::doubleValue).toArray();
        double[] tape = tapeDerivative(d.body(), zs);
        double[] yours = new double[zs.length];
        Kernel.compile(d.derivative()).apply(zs, yours, zs.length);
        Disagreement wrong = null;
        int compared = 0;
        for (int i = 0; i < zs.length; i++) {
            if (!Double.isFinite(tape[i])) {
                skipped.put(zs[i], "the definition's derivative is not finite there");
                continue;
            }
            compared++;
            boolean agree = Math.abs(yours[i] - tape[i]) <= ABS + REL * Math.max(Math.abs(yours[i]), Math.abs(tape[i]));
            if (!agree && (wrong == null || Math.abs(zs[i]) < Math.abs(wrong.z()))) {
                wrong = new Disagreement(zs[i], yours[i], tape[i]); // the one nearest 0, where values are moderate
            }
        }
        Map<Double, String> sortedSkips = new LinkedHashMap<>();
        new TreeSet<>(skipped.keySet()).forEach(z -> sortedSkips.put(z, skipped.get(z)));
        return new Result(d, compared, sortedSkips, wrong);
    }

    /** dg/dz at each z, from the tape: z as a 1×n parameter, L = Σ_i g(z_i), so ∂L/∂z_i = g′(z_i). */
    static double[] tapeDerivative(Expr g, double[] zs) {
        if (zs.length == 0) {
            return zs;
        }
        Tape t = new Tape();
        Matrix row = new Matrix(1, zs.length);
        System.arraycopy(zs, 0, row.data, 0, zs.length);
        Node z = t.parameter(row, "z");
        Node h = t.identity(Expressions.record(t, g, z));
        t.backward(t.sumAll(h));
        return z.grad().data.clone();
    }

    /** {@link #tapeDerivative}, for the tests of the tape's rules. */
    public static double[] tapeDerivativeForTests(Expr g, double[] zs) {
        return tapeDerivative(g, zs);
    }

    /** The zeros of {@code u} in [−RANGE, RANGE]: sign changes on a fine grid, each refined by bisection. */
    static List<Double> roots(Expr u) {
        List<Double> roots = new ArrayList<>();
        int n = 8000;
        double h = 2 * RANGE / n;
        double a = -RANGE, ua = u.at(a);
        for (int i = 1; i <= n; i++) {
            double b = -RANGE + i * h, ub = u.at(b);
            if (ua == 0) {
                roots.add(a);
            } else if (Math.signum(ua) * Math.signum(ub) < 0) {
                double lo = a, hi = b, ulo = ua;
                for (int k = 0; k < 60; k++) {
                    double mid = 0.5 * (lo + hi), um = u.at(mid);
                    if (Math.signum(um) == Math.signum(ulo)) {
                        lo = mid;
                        ulo = um;
                    } else {
                        hi = mid;
                    }
                }
                roots.add(0.5 * (lo + hi));
            }
            a = b;
            ua = ub;
        }
        return roots;
    }

    /** A number in at most 4 significant digits, without trailing zeros: 0.5, 0.74, −3.2e-05. */
    static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e6) {
            return String.valueOf((long) x);
        }
        String s = String.format(Locale.ROOT, "%.4g", x);
        if (s.contains("e")) {
            return s.replaceFirst("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }
}
