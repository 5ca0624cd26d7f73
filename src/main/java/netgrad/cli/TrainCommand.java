package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import netgrad.data.DataSet;
import netgrad.data.DataSets;
import netgrad.linalg.Parallelism;
import netgrad.plan.Plan;
import netgrad.plan.Training;
import netgrad.train.ConsoleProgress;
import netgrad.train.EpochResult;
import netgrad.train.Evaluation;
import netgrad.train.GradientEngine;
import netgrad.train.KeptEpoch;
import netgrad.train.Precision;
import netgrad.model.Initializer;
import netgrad.train.RunOutputs;
import netgrad.train.Trainer;
import netgrad.train.TrainingRun;

/**
 * {@code netgrad train FILE.net}: minibatch gradient descent on MNIST or Fashion-MNIST with the spec's training
 * block, every setting overridable by the assignment's flags; the run itself is a {@link TrainingRun}. Prints one line per epoch (and a progress bar on a
 * terminal), then the epoch kept ({@code --keep}: the best validation accuracy by default), its test accuracy and
 * the confusion matrix; writes curves.csv, loss.png, accuracy.png, confusion.png and weights.npz to the run
 * directory (curves after every epoch, weights whenever the kept epoch changes).
 */
@Command(name = "train", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER, sortOptions = false,
        description = {"Train a spec's network on MNIST or Fashion-MNIST with the hand-derived backprop.",
                "Flags override the spec's train { } block; -nhl, -sz and -a replace the spec's hidden layers.",
                "Fashion-MNIST: sudo apt-get install dataset-fashion-mnist (or --data DIR)."})
public final class TrainCommand implements Callable<Integer> {
    public enum Engine { backprop, tape }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .net spec")
    Path file;

    @Mixin
    TrainingFlags flags = new TrainingFlags();

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: runs/<spec name>-seed<seed>)")
    Path out;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "backprop (default) or tape (the autodiff tape: slower; gives the same run)")
    Engine engine = Engine.backprop;

    @Option(names = "--precision", paramLabel = "P", converter = PrecisionConverter.class,
            description = "float64 (default: the verified backprop) or float32 (faster; plain networks only: no batch"
                    + " norm or dropout, exit 2; weights.npz holds the float32 values as float64)")
    Precision precision = Precision.FLOAT64;

    /** float64 or float32, as the user types them. */
    static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            for (Precision p : Precision.values()) {
                if (p.keyword().equals(value)) return p;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a precision (float64 or float32)");
        }
    }

    @Option(names = "--threads", paramLabel = "T", description = "threads (default: ${DEFAULT-VALUE})")
    int threads = DEFAULT_THREADS;

    public enum Split { products, batch }

    @Option(names = "--split", paramLabel = "HOW", description = "how threads share a step: batch (each thread takes"
            + " a part of the batch, the default: fastest in bench epoch) or products (each matrix product split by rows)")
    Split split = Split.batch;

    @Option(names = "--keep", paramLabel = "WHICH", converter = KeepConverter.class, description = "which epoch's"
            + " weights the run keeps: best (the highest validation accuracy; the default with a validation set) or"
            + " last (the default without one)")
    KeptEpoch.Keep keep;

    /** Both cores of the development machines; bench epoch measures 1 and 2. */
    static final int DEFAULT_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan written = SpecFiles.load(file, err);
        if (written == null) {
            return ExitCodes.INVALID_INPUT;
        }
        String problem = flags.problem(written);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Plan plan = flags.apply(written);
        Training training = flags.training(plan);
        long seed = flags.seed(written);
        GradientEngine gradients = engine == Engine.tape ? GradientEngine.TAPE : GradientEngine.BACKPROP;
        String refusal = precision.refusal(plan, gradients);
        if (refusal != null) {
            err.println("netgrad train: " + refusal);
            return ExitCodes.USAGE;
        }
        DataSets.TrainTest data = TrainSupport.loadData(training.dataset(), flags.model.data, plan, err, "train");
        if (data == null) {
            return ExitCodes.INVALID_INPUT;
        }
        DataSet.Split parts = data.train().split(training.validationFraction(), seed);
        if (training.anneal() && parts.held().count() == 0) {
            throw new ParameterException(spec.commandLine(), "--anneal watches the validation loss, but this run has no"
                    + " validation set (validation 0 in the train block)");
        }
        if (keep == KeptEpoch.Keep.BEST && parts.held().count() == 0) {
            throw new ParameterException(spec.commandLine(), "--keep best chooses by validation accuracy, but this run "
                    + "has no validation set (validation 0 in the train block)");
        }
        KeptEpoch.Keep kept = keep != null ? keep : parts.held().count() > 0 ? KeptEpoch.Keep.BEST : KeptEpoch.Keep.LAST;
        // Batch norm normalises over the whole batch, so a step is not split into parts: threads go to the products.
        Split how = plan.couplesExamples() ? Split.products : split;
        Path dir = out != null ? out : Path.of("runs", plan.name() + "-seed" + seed);
        stdout.println(TrainSupport.describe(plan, training, seed));
        stdout.printf(Locale.ROOT, "data: %,d training, %,d validation, %,d test examples (%s)%n", parts.rest().count(),
                parts.held().count(), data.test().count(), training.dataset());
        stdout.printf("engine %s, precision %s, %d thread(s) splitting %s%nkeeping the %s epoch%nrun directory %s%n",
                engine, precision.keyword(), threads, how, kept == KeptEpoch.Keep.BEST ? "best-validation" : "last",
                dir);
        stdout.flush();

        netgrad.model.Parameters theta = Initializer.initialize(plan);
        TrainingRun run = new TrainingRun(plan, training, seed, gradients, how == Split.batch ? threads : 1,
                Parallelism.of(how == Split.products ? threads : 1), precision, dir, kept);
        try {
            TrainingRun.Trained trained = run.train(theta, parts,
                    System.console() != null
                            ? new ConsoleProgress(stdout, true, training.epochs(), TerminalWidth.columns())
                            : new ConsoleProgress(stdout, false, training.epochs()));
            Trainer.Result result = trained.result();
            if (result.diverged()) {
                err.println("netgrad train: " + result.divergence().message());
                err.printf("netgrad train: kept %s in %s%n", trained.kept() == null ? "the initial weights"
                        : "the weights of epoch " + trained.keptEpoch() + (kept == KeptEpoch.Keep.BEST
                        ? " (the best validation accuracy so far)" : " (the last complete one)"),
                        dir.resolve(RunOutputs.WEIGHTS));
                return ExitCodes.FAILED;
            }
            stdout.println(keptLine(trained, kept, result.history().size()));
            Evaluation test = run.evaluate(theta, data.test());
            stdout.printf(Locale.ROOT, "test accuracy %.2f%% (%,d of %,d), test loss %.4f, weights of epoch %d;"
                    + " trained in %.1f s%n", 100 * test.accuracy(), test.correct(), test.count(), test.loss(),
                    trained.keptEpoch(), trained.seconds());
            stdout.print(test.confusionTable());
            run.writeConfusion(test);
            stdout.printf("wrote in %s:%n  %s, %s, %s, %s, %s%n", dir, RunOutputs.CURVES, RunOutputs.LOSS_PLOT,
                    RunOutputs.ACCURACY_PLOT, RunOutputs.CONFUSION_PLOT, RunOutputs.WEIGHTS);
            stdout.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("netgrad train: cannot write the run directory " + dir + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** "kept epoch 11 of 15, the best validation accuracy: 90.55% (val loss 0.2712)" */
    static String keptLine(TrainingRun.Trained trained, KeptEpoch.Keep keep, int epochs) {
        EpochResult r = trained.kept();
        String val = Double.isNaN(r.validationAccuracy()) ? "" : String.format(Locale.ROOT,
                "%.2f%% (val loss %.4f)", 100 * r.validationAccuracy(), r.validationLoss());
        return keep == KeptEpoch.Keep.BEST
                ? String.format(Locale.ROOT, "kept epoch %d of %d, the best validation accuracy: %s", r.epoch(), epochs, val)
                : String.format(Locale.ROOT, "kept epoch %d of %d, the last%s", r.epoch(), epochs,
                        val.isEmpty() ? "" : ": validation accuracy " + val);
    }

    /** best or last, any case. */
    static final class KeepConverter implements CommandLine.ITypeConverter<KeptEpoch.Keep> {
        @Override
        public KeptEpoch.Keep convert(String value) {
            for (KeptEpoch.Keep k : KeptEpoch.Keep.values()) {
                if (k.keyword().equalsIgnoreCase(value)) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not best or last");
        }
    }
}
