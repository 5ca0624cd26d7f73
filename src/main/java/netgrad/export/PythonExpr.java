package netgrad.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netgrad.expr.Definition;
import netgrad.expr.Expr;
import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Plan;

/**
 * A user-defined activation's g(z) as a PyTorch expression of a tensor: only elementwise torch operations, so
 * autograd differentiates the definition itself (never the user's derivative), as netgrad's tape does.
 */
final class PythonExpr {
    private PythonExpr() {}

    /** g applied to the tensor named {@code z}, fully parenthesised so precedence never differs from the spec. */
    static String of(Expr e, String z) {
        return render(e, z);
    }

    private static String render(Expr e, String z) {
        if (e instanceof Expr.Constant c) {
            return "const(" + repr(c.value()) + ")";
        }
        if (e instanceof Expr.Variable) {
            return z;
        }
        if (e instanceof Expr.Negate n) {
            return "(-" + render(n.operand(), z) + ")";
        }
        if (e instanceof Expr.Binary b) {
            String x = render(b.left(), z);
            String y = render(b.right(), z);
            return switch (b.op()) {
                case ADD -> "(" + x + " + " + y + ")";
                case SUB -> "(" + x + " - " + y + ")";
                case MUL -> "(" + x + " * " + y + ")";
                case DIV -> "(" + x + " / " + y + ")";
                case POW -> "torch.pow(" + x + ", " + y + ")";
            };
        }
        if (e instanceof Expr.Call c) {
            List<String> args = c.arguments().stream().map(a -> render(a, z)).toList();
            return switch (c.function()) {
                case EXP -> "torch.exp(" + args.get(0) + ")";
                case LOG -> "torch.log(" + args.get(0) + ")";
                case SQRT -> "torch.sqrt(" + args.get(0) + ")";
                case ABS -> "torch.abs(" + args.get(0) + ")";
                case TANH -> "torch.tanh(" + args.get(0) + ")";
                case LOGISTIC -> "torch.sigmoid(" + args.get(0) + ")";
                // written out as netgrad computes it: max(z, 0) + log(1 + e^−|z|)
                case SOFTPLUS -> "(torch.relu(" + args.get(0) + ") + torch.log1p(torch.exp(-torch.abs(" + args.get(0)
                        + "))))";
                case MAX -> "torch.maximum(" + args.get(0) + ", " + args.get(1) + ")";
                case MIN -> "torch.minimum(" + args.get(0) + ", " + args.get(1) + ")";
            };
        }
        Expr.Use u = (Expr.Use) e;   // an earlier definition: its own Python function (see definitions)
        return function(u.definition()) + "(" + render(u.argument(), z) + ")";
    }

    /** The Python name of a definition's g: prefixed, so it never meets a Python keyword or the script's names. */
    static String function(Definition d) {
        return "g_" + d.name();
    }

    /**
     * One Python function per user-defined activation the plan uses, earlier definitions (that later ones use)
     * first: {@code def g_swish(z): return (z * torch.sigmoid(z))}, its lines within 100 columns.
     */
    static String definitions(Plan plan) {
        Map<String, Definition> ordered = new LinkedHashMap<>();
        for (Layer layer : plan.layers()) {
            if (layer instanceof Layer.Hidden h && h.activation() instanceof Activation.Defined d) {
                collect(d.definition(), ordered);
            }
        }
        if (ordered.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("""
                def const(v):
                    \"""A number as a float64 tensor, so torch's functions take it as they take z.\"""
                    return torch.tensor(v, dtype=torch.float64)


                """);
        for (Definition d : ordered.values()) {
            String formula = "# " + d.name() + "(" + d.parameter() + ") = " + d.bodyText();
            s.append(formula.length() <= 100 ? formula + "\n" : "");
            s.append("def ").append(function(d)).append("(z):\n");
            s.append("    \"\"\"The spec's g: autograd differentiates it, not the spec's derivative.\"\"\"\n");
            s.append(wrapped("    return (", render(d.body(), "z"), ")")).append("\n\n\n");
        }
        return s.toString();
    }

    private static void collect(Definition d, Map<String, Definition> ordered) {
        if (ordered.containsKey(d.name())) {
            return;
        }
        uses(d.body(), ordered);
        ordered.put(d.name(), d);
    }

    private static void uses(Expr e, Map<String, Definition> ordered) {
        if (e instanceof Expr.Negate n) {
            uses(n.operand(), ordered);
        } else if (e instanceof Expr.Binary b) {
            uses(b.left(), ordered);
            uses(b.right(), ordered);
        } else if (e instanceof Expr.Call c) {
            c.arguments().forEach(a -> uses(a, ordered));
        } else if (e instanceof Expr.Use u) {
            collect(u.definition(), ordered);
            uses(u.argument(), ordered);
        }
    }

    /** prefix + body + suffix, broken at spaces (all inside the parentheses, so Python continues the line). */
    private static String wrapped(String prefix, String body, String suffix) {
        StringBuilder s = new StringBuilder(prefix);
        int column = prefix.length();
        String indent = "        ";
        String[] words = (body + suffix).split(" ");
        for (int i = 0; i < words.length; i++) {
            if (i > 0 && column + 1 + words[i].length() > 100) {
                s.append("\n").append(indent);
                column = indent.length();
            } else if (i > 0) {
                s.append(' ');
                column++;
            }
            s.append(words[i]);
            column += words[i].length();
        }
        return s.toString();
    }

    private static String repr(double v) {
        return Double.toString(v);
    }
}
