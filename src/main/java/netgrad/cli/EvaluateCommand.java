package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import netgrad.data.DataSets;
import netgrad.io.NpzFormatException;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;
import netgrad.train.Evaluation;
import netgrad.train.SavedWeights;
import netgrad.train.Trainer;

/**
 * {@code netgrad evaluate FILE.net --weights W.npz}: test accuracy, loss and confusion matrix of saved weights
 * (W1, b1, … as written by {@code train}) on the test set.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER, sortOptions = false,
        description = {"Report the test accuracy and confusion matrix of saved weights.",
                "Give the same -nhl/-sz/-a/-l/-wd/-d flags that train was given, if any."})
public final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .net spec")
    Path file;

    @Option(names = "--weights", required = true, paramLabel = "W.npz", description = "weights saved by train (weights.npz)")
    Path weights;

    @Mixin
    ModelFlags flags = new ModelFlags();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan written = SpecFiles.load(file, err);
        if (written == null) {
            return ExitCodes.INVALID_INPUT;
        }
        String problem = flags.problem(written);
        if (problem != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), problem);
        }
        Plan plan = flags.apply(written, written.init());
        Training training = flags.training(plan);
        netgrad.model.Parameters theta;
        try {
            theta = SavedWeights.read(weights, plan);
        } catch (SavedWeights.MismatchException e) {
            err.println("netgrad evaluate: " + weights + ": " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (NoSuchFileException e) {
            err.println("netgrad evaluate: " + weights + ": no such file");
            return ExitCodes.INVALID_INPUT;
        } catch (NpzFormatException e) {
            err.println("netgrad evaluate: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (IOException e) {
            err.println("netgrad evaluate: cannot read " + weights + ": " + e);
            return ExitCodes.INVALID_INPUT;
        }
        DataSets.TrainTest data = TrainSupport.loadData(training.dataset(), flags.data, plan, err, "evaluate");
        if (data == null) {
            return ExitCodes.INVALID_INPUT;
        }
        Evaluation test = new Trainer(plan, training, 0).evaluate(theta, data.test());
        out.printf(Locale.ROOT, "%s with %s:%ntest accuracy %.2f%% (%,d of %,d), test loss %.4f%n", plan.name(), weights,
                100 * test.accuracy(), test.correct(), test.count(), test.loss());
        out.print(test.confusionTable());
        out.flush();
        return ExitCodes.OK;
    }
}
