package netgrad.check;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code netgrad verify --list-mistakes}: the catalogue of {@link Mutant}s, each as its stable id, the first
 * step it changes in general terms, what is wrong and the fix, every line within {@link #WIDTH} columns.
 */
public final class MistakeListing {
    /** The widest line printed. */
    public static final int WIDTH = 100;

    private MistakeListing() {}

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("The catalogue of classic backprop mistakes (").append(Mutant.values().length)
                .append("): verify --self-test plants each,\n")
                .append("verify --problem … --gradients names the one a user's gradients match.\n\n");
        for (Mutant m : Mutant.values()) {
            out.append(m.id()).append('\n');
            for (String line : wrap("wrong: " + m.description(), "  ", "         ")) {
                out.append(line).append('\n');
            }
            for (String line : wrap("fix:   " + m.fix(), "  ", "         ")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code text} in lines of at most {@link #WIDTH} code points, the first indented by {@code first}. */
    public static List<String> wrap(String text, String first, String rest) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.codePointCount(0, line.length()) + 1 + word.codePointCount(0, word.length()) > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                start = rest.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
