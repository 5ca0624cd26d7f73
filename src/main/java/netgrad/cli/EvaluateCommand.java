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

import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.io.NpzFormatException;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;
import netgrad.train.Evaluation;
import netgrad.train.SavedWeights;
import netgrad.train.Trainer;

/**
 * {@code netgrad evaluate FILE.net --weights W.npz}: accuracy, loss and confusion matrix of saved weights (W1, b1, …
 * as written by {@code train}, with the epoch they are from) on the test set, or with {@code --on validation} on the
 * validation part train held out (the same seed and fraction give the same split, so the figures are the ones
 * train recorded for that epoch in curves.csv).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER, sortOptions = false,
        description = {"Report the test (or validation) accuracy and confusion matrix of saved weights.",
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

    public enum Part { test, validation }

    @Option(names = "--on", paramLabel = "PART", description = "test (default) or validation: the part of the"
            + " training set train held out with the same --seed")
    Part on = Part.test;

    @Option(names = "--seed", paramLabel = "S", description = "the seed train was given, which draws the validation"
            + " part (default: the spec's)")
    Long seed;

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
        if (seed != null && seed < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seed must be 0 or more");
        }
        Plan plan = flags.apply(written, written.init());
        Training training = flags.training(plan);
        SavedWeights.Loaded saved;
        try {
            saved = SavedWeights.load(weights, plan);
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
        DataSet part = on == Part.test ? data.test()
                : data.train().split(training.validationFraction(), seed != null ? seed : written.init().seed()).held();
        if (part.count() == 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--on validation: the train block holds out no validation part (validation 0)");
        }
        Evaluation e = new Trainer(plan, training, 0).evaluate(saved.theta(), part);
        String epoch = saved.epoch().isEmpty() ? "" : saved.epoch().getAsInt() == 0 ? ", its run's initial weights"
                : ", weights of epoch " + saved.epoch().getAsInt();
        out.printf(Locale.ROOT, "%s with %s:%n%s accuracy %.2f%% (%,d of %,d), %s loss %.4f%s%n", plan.name(), weights,
                on, 100 * e.accuracy(), e.correct(), e.count(), on, e.loss(), epoch);
        out.print(e.confusionTable());
        out.flush();
        return ExitCodes.OK;
    }
}
