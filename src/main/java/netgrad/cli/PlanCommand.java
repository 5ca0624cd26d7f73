package netgrad.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import netgrad.plan.Plan;
import netgrad.plan.PlanSummary;

/**
 * {@code netgrad plan FILE}: prints the compiled plan as a model summary, one row per layer k with the
 * formula it computes, the shapes of W_k, b_k, a_k and h_k, its parameter count and spec line.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = "Print the layer plan of a .net spec: formulas, shapes and parameter counts.")
public final class PlanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .net spec file")
    Path file;

    @Override
    public Integer call() {
        Plan plan = SpecFiles.load(file, spec.commandLine().getErr());
        if (plan == null) {
            return ExitCodes.INVALID_INPUT;
        }
        spec.commandLine().getOut().print(PlanSummary.render(plan));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
