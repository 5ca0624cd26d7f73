package netgrad.source;

/**
 * One error (or warning) in a spec: where it is, how many columns it spans, and one plain sentence.
 * Rendered as {@code FILE:LINE:COL: error: message}, then the source line and a caret under the place
 * (line 0 means the problem concerns the whole file, e.g. it does not exist). A warning (say, an activation
 * defined but never used) reads {@code warning:} instead and does not make the spec invalid.
 *
 * @param pos     1-based line and column (a tab counts as one column)
 * @param length  columns to underline, at least 1
 * @param message one sentence, no trailing period
 * @param warning true for a warning, false for an error
 */
public record Diagnostic(SourcePos pos, int length, String message, boolean warning) {
    public Diagnostic {
        length = Math.max(1, length);
    }

    /** An error. */
    public Diagnostic(SourcePos pos, int length, String message) {
        this(pos, length, message, false);
    }

    /** The first line only: {@code FILE:LINE:COL: error: message} (or {@code FILE: error: message}). */
    public String headline() {
        String severity = warning ? ": warning: " : ": error: ";
        return (pos.line() > 0 ? pos.toString() : pos.file()) + severity + message;
    }

    /**
     * The headline, then (when the line exists in {@code source}) the source line and a caret line
     * {@code ^~~~} under the columns, copying tabs so the caret lines up in a terminal.
     */
    public String render(SourceText source) {
        StringBuilder out = new StringBuilder(headline());
        if (source == null || pos.line() < 1 || pos.line() > source.lineCount()) {
            return out.toString();
        }
        String line = source.line(pos.line());
        out.append('\n').append(line).append('\n');
        int[] codePoints = line.codePoints().toArray();
        for (int i = 0; i < pos.column() - 1; i++) {
            out.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
        }
        out.append('^').append("~".repeat(length - 1));
        return out.toString();
    }
}
