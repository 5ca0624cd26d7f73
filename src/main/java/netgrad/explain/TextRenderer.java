package netgrad.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link Derivation} as plain Unicode text (the default of {@code netgrad explain}): headings
 * underlined, equations in three aligned columns (formula, shapes, note), prose wrapped at {@link #WIDTH}.
 * A note that does not fit goes on its own line below its equation.
 */
public final class TextRenderer {
    private TextRenderer() {}

    /** The terminal width every line fits in. */
    public static final int WIDTH = 100;

    private static final String INDENT = "  ";
    private static final String NO_BREAK = "\u00a0";
    private static final int MAX_FORMULA_COLUMN = 46;
    private static final int MAX_SHAPES_COLUMN = 28;

    public static String render(Derivation d) {
        StringBuilder out = new StringBuilder();
        out.append(d.title()).append('\n').append("=".repeat(Tex.width(d.title()))).append('\n');
        for (Derivation.Section section : d.sections()) {
            out.append('\n').append(section.heading()).append('\n').append("-".repeat(Tex.width(section.heading())))
                    .append('\n');
            section(out, section.items());
        }
        return out.toString();
    }

    private static void section(StringBuilder out, List<Derivation.Item> items) {
        int formulaColumn = 0;
        int shapesColumn = 0;
        for (Derivation.Item item : items) {
            String tex = item instanceof Derivation.Equation e ? e.tex() : item instanceof Derivation.Values v ? v.tex() : null;
            String shapes = item instanceof Derivation.Equation e ? e.shapes() : item instanceof Derivation.Values v ? v.shapes() : null;
            if (tex != null) {
                int f = Tex.width(Tex.toUnicode(tex));
                int s = Tex.width(Tex.toUnicode(shapes));
                formulaColumn = f <= MAX_FORMULA_COLUMN ? Math.max(formulaColumn, f) : formulaColumn;
                shapesColumn = s <= MAX_SHAPES_COLUMN ? Math.max(shapesColumn, s) : shapesColumn;
            }
        }
        for (Derivation.Item item : items) {
            if (item instanceof Derivation.Prose p) {
                // math is kept on one line: its spaces are non-breaking while wrapping
                for (String line : wrap(keepCodeTogether(Tex.proseToUnicode(p.text(), NO_BREAK)), WIDTH)) {
                    out.append(line.replace(NO_BREAK, " ")).append('\n');
                }
            } else if (item instanceof Derivation.Label l) {
                out.append(INDENT).append(Tex.proseToUnicode(l.text())).append('\n');
            } else if (item instanceof Derivation.Equation e) {
                equation(out, e, formulaColumn, shapesColumn);
            } else if (item instanceof Derivation.Values v) {
                equation(out, new Derivation.Equation(v.tex(), v.shapes(), ""), formulaColumn, shapesColumn);
                for (String line : Numbers.lines(v.value())) {
                    out.append(" ".repeat(8)).append(line).append('\n');
                }
            }
        }
    }

    private static void equation(StringBuilder out, Derivation.Equation e, int formulaColumn, int shapesColumn) {
        String formula = Tex.toUnicode(e.tex());
        String shapes = Tex.toUnicode(e.shapes());
        String note = Tex.proseToUnicode(e.note());
        StringBuilder line = new StringBuilder(INDENT + INDENT).append(formula);
        if (!shapes.isEmpty() || !note.isEmpty()) {
            pad(line, INDENT.length() * 2 + formulaColumn + 2);
        }
        line.append(shapes);
        if (!note.isEmpty()) {
            pad(line, INDENT.length() * 2 + formulaColumn + 2 + shapesColumn + 2);
            if (Tex.width(line.toString()) + Tex.width(note) <= WIDTH) {
                line.append(note);
            } else {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder();
                for (String part : wrap(Tex.proseToUnicode(e.note(), NO_BREAK), WIDTH - 8)) {
                    part = part.replace(NO_BREAK, " ");
                    line.append(" ".repeat(8)).append(part).append('\n');
                }
                out.append(line);
                return;
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static void pad(StringBuilder line, int column) {
        int width = Tex.width(line.toString());
        line.append(" ".repeat(width < column ? column - width : 2));
    }

    /** Makes the spaces inside `code spans` non-breaking, so a command is never split over two lines. */
    private static String keepCodeTogether(String text) {
        StringBuilder out = new StringBuilder();
        boolean code = false;
        for (char c : text.toCharArray()) {
            code ^= c == '`';
            out.append(code && c == ' ' ? NO_BREAK : String.valueOf(c));
        }
        return out.toString();
    }

    /** Greedy word wrap to {@code width} columns. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && Tex.width(line.toString()) + 1 + Tex.width(word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
