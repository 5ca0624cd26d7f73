package netgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;
import netgrad.plan.Plan;

/**
 * The one way commands turn a spec file into a plan: parse, compile, and on any problem print every
 * diagnostic ({@code FILE:LINE:COL: error: message}, the source line and a caret) to {@code err}.
 */
public final class SpecFiles {
    private SpecFiles() {}

    /**
     * Loads and compiles {@code file}.
     *
     * @return the plan, or null when the file is missing, unreadable or invalid (diagnostics already
     *         printed to {@code err}; the caller exits with {@link ExitCodes#INVALID_INPUT})
     */
    public static Plan load(Path file, PrintWriter err) {
        Compilation compilation = Compiler.load(file);
        compilation.printDiagnostics(err);
        return compilation.plan();
    }
}
