package netgrad.explain;

import java.util.List;

import netgrad.expr.Definition;
import netgrad.expr.Printer;
import netgrad.plan.Activation;
import netgrad.plan.Quantity;

import static netgrad.explain.Notation.number;

/**
 * For each activation g, its derivative g′ derived in one or two steps, and the form the backward pass
 * uses: g′(a_k) written with the forward pass's h_k where that saves work (logistic: h_k ⊙ (1 − h_k)).
 */
final class ActivationRules {
    private ActivationRules() {}

    /** The derivation of g′ for {@code g}, ending with its vector form at layer {@code k}'s a_k, h_k. */
    static List<Derivation.Item> derive(Activation g) {
        return switch (g.kind()) {
            case LOGISTIC -> List.of(
                    eq("g(z) = \\sigma(z) = \\frac{1}{1 + e^{-z}}", "the logistic (sigmoid) function"),
                    eq("g'(z) = \\frac{e^{-z}}{(1 + e^{-z})^2}",
                            "chain rule on $(1 + e^{-z})^{-1}$: $-(1 + e^{-z})^{-2} \\cdot (-e^{-z})$"),
                    eq("g'(z) = \\frac{1}{1 + e^{-z}} \\cdot \\frac{e^{-z}}{1 + e^{-z}} = g(z)(1 - g(z))",
                            "since $\\frac{e^{-z}}{1 + e^{-z}} = 1 - g(z)$"),
                    eq("g'(a_k) = h_k \\odot (1 - h_k)", "reuses $h_k$ from the forward pass"));
            case TANH -> List.of(
                    eq("g(z) = \\tanh z = \\frac{e^z - e^{-z}}{e^z + e^{-z}}", ""),
                    eq("g'(z) = \\frac{(e^z + e^{-z})^2 - (e^z - e^{-z})^2}{(e^z + e^{-z})^2}", "quotient rule"),
                    eq("g'(z) = 1 - \\tanh^2 z = 1 - g(z)^2", "split the fraction"),
                    eq("g'(a_k) = 1 - h_k \\odot h_k", "reuses $h_k$ from the forward pass"));
            case RELU -> List.of(
                    eq("g(z) = \\max(z, 0)", ""),
                    eq("g'(z) = 1\\text{ for }z > 0, \\quad g'(z) = 0\\text{ for }z < 0",
                            "slope of each piece"),
                    eq("g'(0) = 0", "the kink has no derivative; netgrad (like PyTorch) takes 0"),
                    eq("g'(a_k) = \\mathbb{1}[a_k > 0]", "a 0/1 mask: units that were off pass no gradient"));
            case LEAKY_RELU -> {
                String s = number(Activation.slope(g));
                yield List.of(
                        eq("g(z) = z\\text{ for }z > 0, \\quad g(z) = " + s + " z\\text{ for }z \\le 0",
                                "slope $s = " + s + "$ from the spec"),
                        eq("g'(z) = 1\\text{ for }z > 0, \\quad g'(z) = " + s + "\\text{ for }z \\le 0",
                                "slope of each piece; at the kink netgrad takes $s$"),
                        eq("g'(a_k) = \\mathbb{1}[a_k > 0] + " + s + " \\cdot \\mathbb{1}[a_k \\le 0]", ""));
            }
            case IDENTITY -> List.of(
                    eq("g(z) = z", ""),
                    eq("g'(z) = 1", ""),
                    eq("g'(a_k) = 1", "so $\\nabla_{a_k}\\mathcal{L} = \\nabla_{h_k}\\mathcal{L}$"));
            case SOFTPLUS -> List.of(
                    eq("g(z) = \\log(1 + e^z)", ""),
                    eq("g'(z) = \\frac{e^z}{1 + e^z}", "chain rule through $\\log$"),
                    eq("g'(z) = \\frac{1}{1 + e^{-z}} = \\sigma(z)", "divide by $e^z$: the logistic function"),
                    eq("g'(a_k) = \\sigma(a_k)", "elementwise"));
            case DEFINED -> {
                Definition def = Activation.defined(g).definition();
                String z = def.parameter();
                String note = "the derivative its author derived, as written (netgrad check tests it)";
                List<Derivation.Item> derivative = Printer.text(def.derivative(), z).length() > 70
                        && def.derivative() instanceof netgrad.expr.Expr.Binary b
                        && (b.op() == netgrad.expr.Expr.Op.ADD || b.op() == netgrad.expr.Expr.Op.SUB)
                        ? List.of(eq("g'(" + z + ") = " + Printer.tex(b.left(), z) + (b.op() == netgrad.expr.Expr.Op.ADD
                                ? " +" : " -"), ""), eq("\\qquad " + Printer.tex(b.right(), z), note))
                        : List.of(eq("g'(" + z + ") = " + Printer.tex(def.derivative(), z), note));
                List<Derivation.Item> items = new java.util.ArrayList<>();
                items.add(eq("g(" + z + ") = " + Printer.tex(def.body(), z), "activation " + def.name() + ", defined in the spec"));
                items.addAll(derivative);
                items.add(
                        Printer.text(def.derivative(), z).length() <= 60
                                ? eq("g'(a_k) = " + Printer.texAt(def.derivative(), "a_k"), "elementwise")
                                : eq("g'(a_k) = g'(" + z + ")\\text{ at each entry of }a_k", "elementwise"));
                yield items;
            }
        };
    }

    /** The local factor g′(a_k) in the backward step, short, for layer k. */
    static String localFactor(Activation g, int k) {
        return localFactor(g, Quantity.a(k).tex(), Quantity.h(k).tex());
    }

    /**
     * The local factor g′ at {@code a} (LaTeX: a_k, or â_k after batch norm), written with g's output {@code h}
     * (h_k, or z_k before dropout's mask) where that saves work.
     */
    static String localFactor(Activation g, String a, String h) {
        return switch (g.kind()) {
            case LOGISTIC -> h + " \\odot (1 - " + h + ")";
            case TANH -> "1 - " + h + " \\odot " + h;
            case RELU -> "\\mathbb{1}[" + a + " > 0]";
            case LEAKY_RELU -> "1 \\text{ or } " + number(Activation.slope(g));
            case IDENTITY -> "1";
            case SOFTPLUS -> "\\sigma(" + a + ")";
            case DEFINED -> "\\operatorname{" + g.keyword().replace("_", "\\_") + "}'(" + a + ")";
        };
    }

    private static Derivation.Equation eq(String tex, String note) {
        return new Derivation.Equation(tex, "", note);
    }
}
