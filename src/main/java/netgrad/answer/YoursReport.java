package netgrad.answer;

import java.util.List;
import java.util.Locale;

import netgrad.check.MistakeListing;
import netgrad.check.Mutant;

/**
 * The "yours" section of verify's report, as text (lines within 100 columns) and as the JSON member
 * {@code "yours": {"agree": …, "first_wrong_step": "a2", …, "diagnosis": {"mistake": "<id>", …}}}, a stable
 * format for autograders (docs/check-your-backprop.md).
 */
public final class YoursReport {
    private YoursReport() {}

    public static String text(YoursCheck.Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nyours (%s): %d array%s, in the order they are computed%n",
                r.answer().file().getFileName(), r.items().size(), r.items().size() == 1 ? "" : "s"));
        out.append(String.format(Locale.ROOT, "  %-8s %-12s %-11s %-18s %-10s %s%n", "step", "your name", "layout",
                "reduction", "error", "yours"));
        for (YoursCheck.Item i : r.items()) {
            out.append(String.format(Locale.ROOT, "  %s %-12s %-11s %-18s %-10.2g %s%n", pad(i.target().text(), 8),
                    clip(i.name(), 12), i.layout(), i.reduction(), i.error(), i.agrees() ? "agrees" : "WRONG"));
        }
        List<String> own = r.answer().extra().stream().filter(n -> !Target.isIntermediate(n)).toList();
        List<String> intermediates = r.answer().extra().stream().filter(Target::isIntermediate).toList();
        if (!own.isEmpty()) {
            wrapped(out, "(not checked: " + String.join(", ", own) + ", the problem's own)");
        }
        if (!intermediates.isEmpty()) {
            wrapped(out, "(not checked: " + String.join(", ", intermediates) + ", intermediates of batch norm's "
                    + "backward with no step of the lecture's)");
        }
        if (r.agrees()) {
            out.append("\nYours agree with the lecture's gradients on every array given.\n");
            return out.toString();
        }
        YoursCheck.Item w = r.firstWrong();
        out.append("\nFIRST WRONG STEP OF YOURS: ").append(w.formula()).append('\n');
        out.append(String.format(Locale.ROOT, "  %s (your '%s'), loop k = %d, layer %d%s%n", w.target().text(), w.name(),
                w.iteration(), w.layer(), w.pos() != null && w.pos().line() > 0 ? ", spec line " + w.pos().line() : ""));
        Diagnosis.Finding d = r.diagnosis();
        if (d.mistake() != null) {
            Mutant m = d.mistake();
            wrapped(out, "diagnosis: " + m.id() + ": " + m.description());
            wrapped(out, "fix: " + m.fix());
            if (d.matches().size() > 1) {
                wrapped(out, "(the same numbers also come from: " + String.join(", ",
                        d.matches().subList(1, d.matches().size()).stream().map(Mutant::id).toList()) + ")");
            }
        } else {
            wrapped(out, "no mistake of the catalogue gives your numbers; " + d.shape());
        }
        return out.toString();
    }

    private static void wrapped(StringBuilder out, String text) {
        for (String line : MistakeListing.wrap(text, "  ", "    ")) {
            out.append(line).append('\n');
        }
    }

    /** {@code s} padded to {@code width} columns: a combining mark (the hat of x̂) takes none. */
    private static String pad(String s, int width) {
        int columns = (int) s.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).count();
        return s + " ".repeat(Math.max(0, width - columns));
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** The value of the {@code "yours"} member. */
    public static String json(YoursCheck.Result r) {
        StringBuilder j = new StringBuilder("{");
        j.append("\"file\":").append(string(r.answer().file().toString())).append(',');
        j.append("\"agree\":").append(r.agrees()).append(',');
        j.append("\"arrays\":[");
        for (int n = 0; n < r.items().size(); n++) {
            YoursCheck.Item i = r.items().get(n);
            j.append(n == 0 ? "" : ",").append('{');
            j.append("\"name\":").append(string(i.name())).append(',');
            j.append("\"quantity\":").append(string(i.target().key())).append(',');
            j.append("\"layout\":").append(string(i.layout())).append(',');
            j.append("\"reduction\":").append(string(i.reduction())).append(',');
            j.append("\"error\":").append(number(i.error())).append(',');
            j.append("\"agree\":").append(i.agrees()).append('}');
        }
        j.append("],");
        YoursCheck.Item w = r.firstWrong();
        j.append("\"first_wrong_step\":").append(w == null ? "null" : string(w.target().key())).append(',');
        if (w == null) {
            j.append("\"diagnosis\":null}");
            return j.toString();
        }
        j.append("\"formula\":").append(string(w.formula())).append(',');
        j.append("\"iteration\":").append(w.iteration()).append(',');
        j.append("\"layer\":").append(w.layer()).append(',');
        j.append("\"line\":").append(w.pos() == null ? 0 : w.pos().line()).append(',');
        Diagnosis.Finding d = r.diagnosis();
        Mutant m = d.mistake();
        j.append("\"diagnosis\":{\"mistake\":").append(m == null ? "null" : string(m.id())).append(',');
        j.append("\"explanation\":").append(m == null ? "null" : string(m.description())).append(',');
        j.append("\"fix\":").append(m == null ? "null" : string(m.fix())).append(',');
        j.append("\"also\":[").append(String.join(",", d.matches().stream().skip(1).map(x -> string(x.id())).toList()))
                .append("],");
        j.append("\"shape\":").append(m == null ? string(d.shape()) : "null").append("}}");
        return j.toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
