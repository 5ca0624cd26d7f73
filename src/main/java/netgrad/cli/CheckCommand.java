package netgrad.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import netgrad.check.DerivativeClaims;
import netgrad.plan.Compilation;
import netgrad.plan.Compiler;
import netgrad.plan.Plan;
import netgrad.source.SourceText;

/**
 * {@code netgrad check FILE...}: parses and compiles each spec; every error goes to stderr as
 * {@code FILE:LINE:COL: error: message} with the source line and a caret, each valid file gets
 * {@code FILE: ok (N parameters)} on stdout. A FILE of {@code -} is read from standard input (once) and named
 * {@code <stdin>}. Each user-defined activation's derivative is tested against the
 * tape's derivative of its definition ({@link DerivativeClaims}): a wrong one is an error at the derivative,
 * a right one a line on stdout. Warnings go to stderr and leave the exit code alone. Exit 0 when all are
 * valid, 65 otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Parse and compile .net specs and report every error in them.")
public final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the .net spec files to check; - reads one from "
            + "standard input")
    List<String> files;

    @Override
    public Integer call() {
        if (files.stream().filter("-"::equals).count() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "standard input (-) can be read only once");
        }
        boolean allValid = true;
        for (String file : files) {
            Compilation compilation;
            try {
                compilation = file.equals("-") ? Compiler.load(System.in) : Compiler.load(Path.of(file));
            } catch (java.nio.file.InvalidPathException e) {
                spec.commandLine().getErr().println(file + ": error: not a valid path (" + e.getReason() + ")");
                allValid = false;
                continue;
            }
            compilation.printDiagnostics(spec.commandLine().getErr());
            Plan plan = compilation.plan();
            List<DerivativeClaims.Result> claims = plan == null ? List.of()
                    : DerivativeClaims.definitions(plan).stream().map(DerivativeClaims::check).toList();
            boolean claimsHold = claims.stream().allMatch(DerivativeClaims.Result::ok);
            for (DerivativeClaims.Result wrong : claims.stream().filter(c -> !c.ok()).toList()) {
                spec.commandLine().getErr().println(wrong.diagnostic().render(compilation.source()));
            }
            if (plan == null || !claimsHold) {
                allValid = false;
            } else {
                spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%s: ok (%,d parameters)%n",
                        file.equals("-") ? SourceText.STDIN : file, plan.parameterCount());
                claims.forEach(c -> c.summary().forEach(line -> spec.commandLine().getOut().println("  " + line)));
            }
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return allValid ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }
}
