package netgrad.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import netgrad.plan.Plan;

/**
 * {@code netgrad check FILE...}: parses and compiles each spec; every error goes to stderr as
 * {@code FILE:LINE:COL: error: message} with the source line and a caret, each valid file gets
 * {@code FILE: ok (N parameters)} on stdout. Exit 0 when all are valid, 65 otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Parse and compile .net specs and report every error in them.")
public final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the .net spec files to check")
    List<Path> files;

    @Override
    public Integer call() {
        boolean allValid = true;
        for (Path file : files) {
            Plan plan = SpecFiles.load(file, spec.commandLine().getErr());
            if (plan == null) {
                allValid = false;
            } else {
                spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%s: ok (%,d parameters)%n", file, plan.parameterCount());
            }
        }
        spec.commandLine().getOut().flush();
        return allValid ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }
}
