package netgrad.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the small LaTeX subset the derivations are written in (the one {@link netgrad.explain.Tex} reads)
 * into presentation MathML, which browsers lay out natively: letters become {@code <mi>}, digits
 * {@code <mn>}, operators {@code <mo>}; {@code x_{k}} / {@code x^{T}} become {@code <msub>} / {@code <msup>}
 * (both: {@code <msubsup>}, under a sum {@code <munderover>}); {@code \frac{A}{B}} an {@code <mfrac>};
 * {@code \hat{y}} an accent; {@code \text{…}} an {@code <mtext>}. Spaces in the source are ignored, as TeX
 * does. Every character that reaches the output is escaped. Unknown commands throw, so a typo in a derivation
 * fails the tests instead of printing a backslash.
 */
public final class MathMl {
    private MathMl() {}

    /** Commands that are an identifier (a letter or a function name). */
    private static final Map<String, String> IDENTIFIERS = Map.ofEntries(
            Map.entry("ell", "ℓ"), Map.entry("lambda", "λ"), Map.entry("sigma", "σ"), Map.entry("theta", "θ"),
            Map.entry("eta", "η"), Map.entry("log", "log"), Map.entry("exp", "exp"), Map.entry("max", "max"),
            Map.entry("tanh", "tanh"), Map.entry("infty", "∞"),
            // batch norm's parameters and statistics (issue 14)
            Map.entry("gamma", "γ"), Map.entry("beta", "β"), Map.entry("mu", "μ"), Map.entry("epsilon", "ε"),
            Map.entry("delta", "δ"));

    /** Commands that are an operator or a delimiter. */
    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("nabla", "∇"), Map.entry("partial", "∂"), Map.entry("odot", "⊙"), Map.entry("cdot", "·"),
            Map.entry("times", "×"), Map.entry("top", "⊤"), Map.entry("sum", "∑"), Map.entry("lVert", "‖"),
            Map.entry("rVert", "‖"), Map.entry("in", "∈"), Map.entry("neq", "≠"), Map.entry("le", "≤"),
            Map.entry("ge", "≥"), Map.entry("to", "→"), Map.entry("Rightarrow", "⇒"), Map.entry("ldots", "…"),
            Map.entry("dots", "…"), Map.entry("approx", "≈"), Map.entry("mid", "|"), Map.entry("prime", "′"),
            Map.entry("uparrow", "↑"), Map.entry("downarrow", "↓"), Map.entry("leftarrow", "←"));

    /** Commands that are a space of this width (em). */
    private static final Map<String, String> SPACES = Map.of("quad", "1em", "qquad", "2em", ",", "0.17em",
            ";", "0.28em", " ", "0.25em");

    /**
     * A {@code <math>} element, inline; {@code display} sets display style (full-size fractions, limits under
     * sums) for a formula that stands on its own, as in a table cell.
     */
    public static String of(String tex, boolean display) {
        String body = new Reader(tex).sequence(false);
        return "<math" + (display ? " displaystyle=\"true\"" : "") + "><mrow>" + body + "</mrow></math>";
    }

    /** Prose with inline math between single dollars and code between backticks, as HTML. */
    public static String prose(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' || c == '`') {
                int close = text.indexOf(c, i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unbalanced " + c + " in: " + text);
                }
                String inner = text.substring(i + 1, close);
                out.append(c == '$' ? of(inner, false) : "<code>" + Html.escape(inner) + "</code>");
                i = close + 1;
            } else {
                out.append(Html.escape(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }

    /** One element of a sequence with the scripts attached to it. */
    private static final class Atom {
        final String base;
        final boolean largeOperator;
        String sub;
        String sup;

        Atom(String base, boolean largeOperator) {
            this.base = base;
            this.largeOperator = largeOperator;
        }

        String render() {
            if (sub == null && sup == null) {
                return base;
            }
            String b = wrap(base);
            if (largeOperator) {
                return sub != null && sup != null ? "<munderover>" + b + wrap(sub) + wrap(sup) + "</munderover>"
                        : sub != null ? "<munder>" + b + wrap(sub) + "</munder>" : "<mover>" + b + wrap(sup) + "</mover>";
            }
            return sub != null && sup != null ? "<msubsup>" + b + wrap(sub) + wrap(sup) + "</msubsup>"
                    : sub != null ? "<msub>" + b + wrap(sub) + "</msub>" : "<msup>" + b + wrap(sup) + "</msup>";
        }
    }

    /** A script's argument or a base as exactly one element (MathML's scripts take one child each). */
    private static String wrap(String xml) {
        return "<mrow>" + xml + "</mrow>";
    }

    /** A recursive-descent reader over one fragment. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        /** Converts until the end, or until the closing brace of the current group when {@code inGroup}. */
        String sequence(boolean inGroup) {
            List<Atom> atoms = new ArrayList<>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '}') {
                    if (!inGroup) {
                        throw error("unbalanced }");
                    }
                    pos++;
                    return render(atoms);
                }
                if (c == ' ') {
                    pos++;
                } else if (c == '_' || c == '^') {
                    pos++;
                    String arg = argument();
                    if (atoms.isEmpty()) {
                        atoms.add(new Atom("", false));
                    }
                    Atom last = atoms.get(atoms.size() - 1);
                    if (c == '_' ? last.sub != null : last.sup != null) {
                        throw error("double " + (c == '_' ? "subscript" : "superscript"));
                    }
                    if (c == '_') {
                        last.sub = arg;
                    } else {
                        last.sup = arg;
                    }
                } else {
                    int start = pos;
                    String xml = atom();
                    if (!xml.isEmpty()) {
                        atoms.add(new Atom(xml, s.startsWith("\\sum", start)));
                    }
                }
            }
            if (inGroup) {
                throw error("missing }");
            }
            return render(atoms);
        }

        private static String render(List<Atom> atoms) {
            StringBuilder out = new StringBuilder();
            for (Atom a : atoms) {
                out.append(a.render());
            }
            return out.toString();
        }

        /** The argument of a script or command: a group, or one atom (spaces before it skipped). */
        private String argument() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            return atom();
        }

        /** One item: a group, a command with its arguments, a number, or one character. */
        private String atom() {
            if (pos >= s.length()) {
                throw error("expected an argument");
            }
            char c = s.charAt(pos++);
            if (c == '{') {
                return sequence(true);
            }
            if (c == '\\') {
                return command();
            }
            if (Character.isDigit(c) || c == '.' && pos < s.length() && Character.isDigit(s.charAt(pos))) {
                int start = pos - 1;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
                    pos++;
                }
                return "<mn>" + Html.escape(s.substring(start, pos)) + "</mn>";
            }
            if (Character.isLetter(c) || "ℓŷ𝟙".indexOf(c) >= 0) {
                return "<mi>" + Html.escape(String.valueOf(c)) + "</mi>";
            }
            return switch (c) {
                case '-' -> "<mo>−</mo>";
                case '\'' -> "<mo>′</mo>";
                // fences keep their size: a stretched ( around e(y)_i would be as tall as the whole formula
                case '(', ')', '[', ']', '|' -> "<mo stretchy=\"false\">" + c + "</mo>";
                default -> "<mo>" + Html.escape(String.valueOf(c)) + "</mo>";
            };
        }

        private String command() {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) { // \, \; \! \| \_ and "\ ": one non-letter character
                if (pos >= s.length()) {
                    throw error("a lone backslash");
                }
                char c = s.charAt(pos++);
                String width = SPACES.get(String.valueOf(c));
                if (width != null) {
                    return "<mspace width=\"" + width + "\"></mspace>";
                }
                return switch (c) {
                    case '!' -> "";
                    case '|' -> "<mo>‖</mo>";
                    case '_' -> "<mi>_</mi>";
                    default -> throw error("unsupported command \\" + c);
                };
            }
            String name = s.substring(start, pos);
            switch (name) {
                case "mathcal":
                    if (!"L".equals(rawGroup())) {
                        throw error("only \\mathcal{L} is supported");
                    }
                    return "<mi>ℒ</mi>";
                case "hat":
                    return "<mover accent=\"true\"><mrow>" + argument() + "</mrow><mo>^</mo></mover>";
                case "mathbb":
                case "mathbf":
                    String body = rawGroup();
                    return "<mi>" + Html.escape("1".equals(body) ? "𝟙" : "R".equals(body) ? "ℝ" : body) + "</mi>";
                case "text":
                    return "<mtext>" + Html.escape(rawGroup().replace(' ', '\u00a0')) + "</mtext>";
                case "mathrm":
                case "operatorname":
                    return "<mi mathvariant=\"normal\">" + Html.escape(rawGroup()) + "</mi>";
                case "frac":
                case "tfrac":
                    String numerator = argument();
                    String denominator = argument();
                    return "<mfrac>" + wrap(numerator) + wrap(denominator) + "</mfrac>";
                case "sqrt":
                    return "<msqrt>" + argument() + "</msqrt>";
                case "left":
                case "right":
                    return "";
                default:
                    if (SPACES.containsKey(name)) {
                        return "<mspace width=\"" + SPACES.get(name) + "\"></mspace>";
                    }
                    if (IDENTIFIERS.containsKey(name)) {
                        return "<mi>" + IDENTIFIERS.get(name) + "</mi>";
                    }
                    if (OPERATORS.containsKey(name)) {
                        return "<mo>" + OPERATORS.get(name) + "</mo>";
                    }
                    throw error("unsupported command \\" + name);
            }
        }

        /** The literal text of a braced group (for \text and friends), or one character. */
        private String rawGroup() {
            if (pos >= s.length()) {
                throw error("expected an argument");
            }
            if (s.charAt(pos) != '{') {
                return String.valueOf(s.charAt(pos++));
            }
            int close = s.indexOf('}', pos);
            if (close < 0) {
                throw error("missing }");
            }
            String text = s.substring(pos + 1, close);
            pos = close + 1;
            return text;
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at " + pos + " in: " + s);
        }
    }
}
