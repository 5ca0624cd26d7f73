package netgrad.plan;

import java.io.PrintWriter;
import java.util.List;

import netgrad.source.Diagnostic;
import netgrad.source.SourceText;

/**
 * The result of compiling one spec: the plan when the spec is valid, otherwise every diagnostic.
 *
 * @param source      the text read (null when the file could not be read at all)
 * @param plan        the plan, or null when there are errors
 * @param diagnostics the errors in source order (empty exactly when {@code plan} is not null)
 * @param warnings    the warnings in source order (a valid spec may have some)
 */
public record Compilation(SourceText source, Plan plan, List<Diagnostic> diagnostics, List<Diagnostic> warnings) {
    public Compilation {
        diagnostics = List.copyOf(diagnostics);
        warnings = List.copyOf(warnings);
    }

    /** A compilation without warnings. */
    public Compilation(SourceText source, Plan plan, List<Diagnostic> diagnostics) {
        this(source, plan, diagnostics, List.of());
    }

    public boolean ok() {
        return plan != null;
    }

    /** Every error, then every warning, rendered with its source line and caret, one blank-line-free block each. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(d.render(source)).append('\n');
        }
        for (Diagnostic d : warnings) {
            out.append(d.render(source)).append('\n');
        }
        return out.toString();
    }

    /** Prints {@link #render()} to {@code err}. */
    public void printDiagnostics(PrintWriter err) {
        err.print(render());
        err.flush();
    }
}
