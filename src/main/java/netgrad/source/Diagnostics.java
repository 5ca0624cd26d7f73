package netgrad.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every error of one spec file, so a single run reports them all. Each stage (reading,
 * parsing, compiling) adds to the same collector; the driver stops between stages when there are errors.
 */
public final class Diagnostics {
    private final String file;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();

    public Diagnostics(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Adds an error at 1-based {@code line}:{@code column}, underlining {@code length} columns. */
    public void error(int line, int column, int length, String message) {
        errors.add(new Diagnostic(new SourcePos(file, line, column), length, message));
    }

    public void error(SourcePos pos, int length, String message) {
        errors.add(new Diagnostic(pos, length, message));
    }

    /** An error about the whole file (missing, a directory, unreadable). */
    public void fileError(String message) {
        errors.add(new Diagnostic(new SourcePos(file, 0, 0), 1, message));
    }

    /** A warning at {@code pos}: reported, but the spec stays valid. */
    public void warning(SourcePos pos, int length, String message) {
        warnings.add(new Diagnostic(pos, length, message, true));
    }

    /** The warnings in source order. */
    public List<Diagnostic> warnings() {
        return sorted(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The errors in source order (line, then column; file-level errors first), stable for equal positions. */
    public List<Diagnostic> list() {
        return sorted(errors);
    }

    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
        return List.copyOf(sorted);
    }
}
