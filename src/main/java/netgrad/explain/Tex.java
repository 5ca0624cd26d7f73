package netgrad.explain;

import java.util.Map;

/**
 * Turns the small LaTeX subset the derivations are written in into plain Unicode text, so every step is
 * written once (as LaTeX, which the Markdown renderer passes through) and read in a terminal as, e.g.,
 * {@code \nabla_{W_2} \mathcal{L} = \nabla_{a_2} \mathcal{L} \cdot h_1^\top} → {@code ∇_{W₂}ℒ = ∇_{a₂}ℒ · h₁ᵀ}.
 *
 * <p>Rules: spaces are kept as written (so the source decides the text's spacing; LaTeX ignores them);
 * {@code _{…}} and {@code ^{…}} become Unicode sub/superscripts when every character has one, otherwise
 * {@code _{…}} / {@code ^(…)}; {@code \frac{A}{B}} becomes {@code A/B} with parentheses around a compound
 * side; {@code -} becomes the minus sign {@code −} and {@code '} the prime {@code ′}. Unknown commands throw,
 * so a typo in a derivation fails the golden tests instead of printing a backslash.
 */
public final class Tex {
    private Tex() {}

    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("nabla", "∇"), Map.entry("partial", "∂"), Map.entry("ell", "ℓ"), Map.entry("odot", "⊙"),
            Map.entry("cdot", "·"), Map.entry("times", "×"), Map.entry("top", "ᵀ"), Map.entry("sum", "Σ"),
            Map.entry("lambda", "λ"), Map.entry("sigma", "σ"), Map.entry("theta", "θ"), Map.entry("eta", "η"),
            Map.entry("log", "log"), Map.entry("exp", "exp"), Map.entry("max", "max"), Map.entry("tanh", "tanh"),
            Map.entry("left", ""), Map.entry("right", ""), Map.entry("lVert", "‖"), Map.entry("rVert", "‖"),
            Map.entry("quad", "  "), Map.entry("qquad", "    "), Map.entry("in", "∈"), Map.entry("neq", "≠"),
            Map.entry("le", "≤"), Map.entry("ge", "≥"), Map.entry("to", "→"), Map.entry("Rightarrow", "⇒"),
            Map.entry("ldots", "…"), Map.entry("dots", "…"), Map.entry("approx", "≈"), Map.entry("infty", "∞"),
            Map.entry("mid", "|"), Map.entry("prime", "′"), Map.entry("uparrow", "↑"), Map.entry("downarrow", "↓"),
            Map.entry("leftarrow", "←"), Map.entry("mathcal", ""), Map.entry("text", ""), Map.entry("mathrm", ""),
            Map.entry("operatorname", ""), Map.entry("hat", ""), Map.entry("mathbb", ""), Map.entry("frac", ""),
            Map.entry("tfrac", ""), Map.entry("gamma", "γ"), Map.entry("beta", "β"), Map.entry("mu", "μ"),
            Map.entry("epsilon", "ε"), Map.entry("delta", "δ"),
            // for the expressions of user-defined activations (issue 13)
            Map.entry("pi", "π"), Map.entry("min", "min"), Map.entry("lvert", "|"), Map.entry("rvert", "|"),
            Map.entry("mathit", ""), Map.entry("sqrt", "√"));

    /** Commands after which the source's space is TeX's command terminator, not a space to print. */
    private static final String PREFIX_COMMANDS = " nabla partial lVert ";

    private static final String SUPER_FROM = "0123456789+-−=()Tniᵀ′";
    private static final String SUPER_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵀⁿⁱᵀ′";
    private static final String SUB_FROM = "0123456789+-−=()aehijklmnoprstuvx,";
    private static final String SUB_TO = "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ,";

    /** The Unicode text of a LaTeX math fragment. */
    public static String toUnicode(String tex) {
        return new Tex.Reader(tex).sequence(false);
    }

    /** Prose with inline math between single dollars: the math parts converted, the rest unchanged. */
    public static String proseToUnicode(String prose) {
        return proseToUnicode(prose, " ");
    }

    /** As {@link #proseToUnicode(String)}, with the spaces inside math replaced by {@code mathSpace}. */
    static String proseToUnicode(String prose, String mathSpace) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < prose.length()) {
            int open = prose.indexOf('$', i);
            if (open < 0) {
                out.append(prose, i, prose.length());
                break;
            }
            int close = prose.indexOf('$', open + 1);
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced $ in: " + prose);
            }
            out.append(prose, i, open).append(toUnicode(prose.substring(open + 1, close)).replace(" ", mathSpace));
            i = close + 1;
        }
        return out.toString();
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
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '}') {
                    if (!inGroup) {
                        throw error("unbalanced }");
                    }
                    pos++;
                    return out.toString();
                }
                if (c == '_' || c == '^') {
                    pos++;
                    String arg = atom();
                    out.append(c == '_' ? script(arg, SUB_FROM, SUB_TO, "_{", "}") : script(arg, SUPER_FROM, SUPER_TO, "^(", ")"));
                } else {
                    out.append(atom());
                }
            }
            if (inGroup) {
                throw error("missing }");
            }
            return out.toString();
        }

        /** One item: a group, a command with its arguments, or one character. */
        private String atom() {
            if (pos >= s.length()) {
                throw error("expected an argument");
            }
            char c = s.charAt(pos++);
            switch (c) {
                case '{':
                    return sequence(true);
                case '\\':
                    return command();
                case '-':
                    return "−";
                case '\'':
                    return "′";
                default:
                    return String.valueOf(c);
            }
        }

        private String command() {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) { // \, \; \! \| \{ and friends: one non-letter character
                char c = s.charAt(pos++);
                return switch (c) {
                    case ',', ';', ' ' -> " ";
                    case '!' -> "";
                    case '|' -> "‖";
                    case '_' -> "_";
                    default -> throw error("unsupported command \\" + c);
                };
            }
            String name = s.substring(start, pos);
            if (PREFIX_COMMANDS.contains(" " + name + " ") && pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            switch (name) {
                case "mathcal":
                    if (!"L".equals(atom())) {
                        throw error("only \\mathcal{L} is supported");
                    }
                    return "ℒ";
                case "hat":
                    return hat(atom());
                case "mathbb":
                case "mathbf":
                    String body = atom();
                    return "1".equals(body) ? "𝟙" : "R".equals(body) ? "ℝ" : body;
                case "text":
                case "mathrm":
                case "mathit":
                case "operatorname":
                    return atom();
                case "sqrt":
                    return "√(" + atom() + ")";
                case "frac":
                case "tfrac":
                    String numerator = atom();
                    String denominator = atom();
                    return wrap(numerator, false) + "/" + wrap(denominator, true);
                default:
                    String symbol = SYMBOLS.get(name);
                    if (symbol == null) {
                        throw error("unsupported command \\" + name);
                    }
                    return symbol;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at " + pos + " in: " + s);
        }
    }

    private static String hat(String body) {
        return switch (body) {
            case "y" -> "ŷ";
            case "Y" -> "Ŷ";
            default -> body + "\u0302";
        };
    }

    /**
     * Parentheses around a side of a fraction that is more than one term; a denominator also when it is a
     * product by juxtaposition ({@code ŷᵢ(1 − ŷᵢ)}: a/ŷᵢ(1 − ŷᵢ) would read as (a/ŷᵢ)(1 − ŷᵢ)).
     */
    private static String wrap(String side, boolean denominator) {
        int depth = 0;
        for (int i = 0; i < side.length(); i++) {
            char ch = side.charAt(i);
            boolean juxtaposed = denominator && ch == '(' && depth == 0 && i > 0 && side.charAt(i - 1) != '^';
            depth += ch == '(' || ch == '[' ? 1 : ch == ')' || ch == ']' ? -1 : 0;
            if (juxtaposed || depth == 0 && i > 0 && (ch == ' ' || "+−=·⊙×".indexOf(ch) >= 0)) {
                return "(" + side + ")";
            }
        }
        return side;
    }

    /** Unicode scripts when every character has one; otherwise the open/close fallback (bare for one char). */
    private static String script(String arg, String from, String to, String open, String close) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < arg.length(); i++) {
            int at = from.indexOf(arg.charAt(i));
            if (at < 0) {
                String marker = open.substring(0, 1);
                return arg.codePointCount(0, arg.length()) == 1 ? marker + arg : open + arg + close;
            }
            out.append(to.charAt(at));
        }
        return out.toString();
    }

    /** The number of terminal columns {@code text} takes (one per code point; the output has no wide characters). */
    public static int width(String text) {
        return text.codePointCount(0, text.length()) - (int) text.chars().filter(ch -> ch == '\u0302').count();
    }
}
