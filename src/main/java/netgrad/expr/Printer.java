package netgrad.expr;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Expressions written back for people: as text ({@code z·logistic(z)}, for messages and plain-text explanations)
 * and as TeX ({@code z \cdot \sigma(z)}, for Markdown/LaTeX), with only the parentheses precedence needs.
 */
public final class Printer {
    private Printer() {}

    // binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5
    private static final int SUM = 1, PRODUCT = 2, NEGATE = 3, POWER = 4, ATOM = 5;

    /** {@code e} as text, its variable written {@code parameter}. */
    public static String text(Expr e, String parameter) {
        return text(e, parameter, 0);
    }

    /** {@code e} as TeX (math mode, no delimiters), its variable written {@code parameter}. */
    public static String tex(Expr e, String parameter) {
        return tex(e, parameter.length() == 1 ? parameter : "\\mathit{" + escape(parameter) + "}", 0);
    }

    /** {@code e} as TeX with its variable written as the TeX {@code variable}, e.g. {@code a_k}. */
    public static String texAt(Expr e, String variable) {
        return tex(e, variable, 0);
    }

    private static int level(Expr e) {
        if (e instanceof Expr.Binary b) {
            return switch (b.op()) {
                case ADD, SUB -> SUM;
                case MUL, DIV -> PRODUCT;
                case POW -> POWER;
            };
        }
        if (e instanceof Expr.Negate) {
            return NEGATE;
        }
        if (e instanceof Expr.Constant c && c.value() < 0) {
            return NEGATE;
        }
        return ATOM;
    }

    private static String text(Expr e, String z, int context) {
        String s;
        if (e instanceof Expr.Constant c) {
            s = c.text();
        } else if (e instanceof Expr.Variable) {
            s = z;
        } else if (e instanceof Expr.Negate n) {
            s = "−" + text(n.operand(), z, NEGATE);
        } else if (e instanceof Expr.Binary b) {
            int l = level(b);
            String left = text(b.left(), z, b.op() == Expr.Op.POW ? l + 1 : l);
            String right = text(b.right(), z, b.op() == Expr.Op.SUB || b.op() == Expr.Op.DIV ? l + 1 : l);
            s = switch (b.op()) {
                case ADD -> left + " + " + right;
                case SUB -> left + " − " + right;
                case MUL -> left + "·" + right;
                case DIV -> left + "/" + right;
                case POW -> left + "^" + right;
            };
        } else if (e instanceof Expr.Call c) {
            s = c.function().keyword() + "(" + c.arguments().stream().map(a -> text(a, z, 0))
                    .collect(Collectors.joining(", ")) + ")";
        } else {
            Expr.Use u = (Expr.Use) e;
            s = u.definition().name() + "(" + text(u.argument(), z, 0) + ")";
        }
        return level(e) < context ? "(" + s + ")" : s;
    }

    private static String tex(Expr e, String z, int context) {
        String s;
        if (e instanceof Expr.Constant c) {
            s = c.text().equals("pi") ? "\\pi" : c.text();
        } else if (e instanceof Expr.Variable) {
            s = z;
        } else if (e instanceof Expr.Negate n) {
            s = "-" + tex(n.operand(), z, NEGATE);
        } else if (e instanceof Expr.Binary b) {
            int l = level(b);
            s = switch (b.op()) {
                case ADD -> tex(b.left(), z, l) + " + " + tex(b.right(), z, l);
                case SUB -> tex(b.left(), z, l) + " - " + tex(b.right(), z, l + 1);
                case MUL -> tex(b.left(), z, l) + " \\cdot " + tex(b.right(), z, l);
                case DIV -> "\\frac{" + tex(b.left(), z, 0) + "}{" + tex(b.right(), z, 0) + "}";
                case POW -> tex(b.left(), z, l + 1) + "^{" + tex(b.right(), z, 0) + "}";
            };
            if (b.op() == Expr.Op.DIV) {
                return s; // a fraction needs no parentheses around it
            }
        } else if (e instanceof Expr.Call c) {
            List<String> args = c.arguments().stream().map(a -> tex(a, z, 0)).toList();
            s = switch (c.function()) {
                case EXP -> "e^{" + args.get(0) + "}";
                case LOG -> "\\log(" + args.get(0) + ")";
                case SQRT -> "\\sqrt{" + args.get(0) + "}";
                case ABS -> "\\lvert " + args.get(0) + " \\rvert";
                case TANH -> "\\tanh(" + args.get(0) + ")";
                case LOGISTIC -> "\\sigma(" + args.get(0) + ")";
                case SOFTPLUS -> "\\operatorname{softplus}(" + args.get(0) + ")";
                case MAX -> "\\max(" + args.get(0) + ", " + args.get(1) + ")";
                case MIN -> "\\min(" + args.get(0) + ", " + args.get(1) + ")";
            };
        } else {
            Expr.Use u = (Expr.Use) e;
            s = "\\operatorname{" + escape(u.definition().name()) + "}(" + tex(u.argument(), z, 0) + ")";
        }
        return level(e) < context ? "\\left(" + s + "\\right)" : s;
    }

    private static String escape(String name) {
        return name.replace("_", "\\_");
    }
}
