package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.check.CheckWeights;
import netgrad.check.EngineResult;
import netgrad.check.Engines;
import netgrad.check.Mutant;
import netgrad.check.Verdict;
import netgrad.check.Verifier;
import netgrad.check.VerifyReport;
import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;
import netgrad.linalg.PlantedKernel;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.BatchMaker;
import netgrad.testing.CliRun;

/** Issue 11's numbered cases: each with its exact verdict and exit code, and blame planted in every engine. */
class VerdictTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path spec(Path dir, String text) throws IOException {
        Path file = dir.resolve("net.net");
        Files.writeString(file, text);
        return file;
    }

    private static Plan load(Path file) {
        return SpecFiles.load(file, new PrintWriter(new StringWriter()));
    }

    static final String DEAD_RELU = "network dead {\n  input 4\n  hidden 3 relu\n  hidden 3 relu\n  output 2 softmax\n"
            + "  loss cross_entropy\n  init he seed 42\n}\n";

    static final String DEEP_TANH = "network deep {\n  input 4\n" + "  hidden 8 tanh\n".repeat(8)
            + "  output 3 softmax\n  loss cross_entropy\n  init random scale 0.01 seed 3\n}\n";

    @Test
    void case1DeadUnitsAreInconclusiveAndNameTheLayer(@TempDir Path dir) throws IOException {
        Path file = spec(dir, DEAD_RELU);
        CliRun r = run("verify", file.toString(), "--spec-init");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(r.out()).contains("verdict: INCONCLUSIVE").containsPattern("layer \\d \\(relu\\) (is|are) dead")
                .doesNotContain("verdict: agree");
        CliRun json = run("verify", file.toString(), "--spec-init", "--json");
        assertThat(json.out()).contains("\"verdict\": \"inconclusive\"").contains("\"power\": {");
    }

    @Test
    void case1SaturatedWeightsAreNotExercised(@TempDir Path dir) throws IOException {
        Plan plan = load(spec(dir, DEEP_TANH));
        Parameters theta = Initializer.initialize(plan);
        for (int k = 1; k < plan.depth(); k++) {               // every hidden W = 1000: tanh saturates
            java.util.Arrays.fill(theta.W(k).data, 1000);
        }
        VerifyReport r = Engines.verify(plan, theta, BatchMaker.make(plan, 4, 1), Verifier.Options.defaults());
        assertThat(r.verdict()).as(netgrad.check.ReportText.render(r)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.notExercised()).isNotEmpty();
        assertThat(r.exercised().get(0).word()).isEqualTo("saturated");
    }

    @Test
    void case2LoopStoppedAtTwoFailsOnTheDeepNet(@TempDir Path dir) throws IOException {
        Plan plan = load(spec(dir, DEEP_TANH));
        Parameters theta = CheckWeights.drawBiases(Initializer.initialize(plan), 1);
        Batch batch = BatchMaker.make(plan, 4, 1);
        VerifyReport r = Engines.verify(Mutant.LOOP_STOPS_EARLY.plant(plan), theta, batch, Verifier.Options.defaults());
        assertThat(r.verdict()).isEqualTo(Verdict.DISAGREE);
        assertThat(r.firstWrongStep().orElseThrow().step().quantity()).isEqualTo(Quantity.W(1));
        VerifyReport correct = Engines.verify(plan, theta, batch, Verifier.Options.defaults());
        assertThat(correct.verdict()).as("fd cannot resolve ∇W_1 there: never a plain agree").isNotEqualTo(Verdict.DISAGREE);
    }

    @Test
    void case3BiasesAreDrawnByDefaultSoBiasMistakesShow(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("w.npz");
        assertThat(run("verify", "specs/lecture4.net", "--dump", dump.toString()).code()).isZero();
        Matrix b1 = netgrad.io.Npz.read(dump).get("b1");
        assertThat(java.util.Arrays.stream(b1.data).anyMatch(v -> v != 0)).isTrue();
        Path zeros = dir.resolve("z.npz");
        assertThat(run("verify", "specs/lecture4.net", "--spec-init", "--dump", zeros.toString()).code()).isZero();
        assertThat(netgrad.io.Npz.read(zeros).get("b1").data).containsOnly(0.0);
        CliRun r = run("verify", "specs/lecture4.net", "--spec-init");
        assertThat(r.out()).contains("bias mistakes cannot show");
    }

    /** A bias mistake the spec's zero biases hide: decay applied to the biases too (∇b_k += λ b_k). */
    private static netgrad.backprop.Backprop decayOnBiases(Plan plan, Parameters theta) {
        return new netgrad.backprop.Backprop(plan) {
            @Override
            protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
                super.biasGradient(k, gradA_k, gradB_k);
                netgrad.linalg.Ops.addScaled(plan.weightDecay(), theta.b(k), gradB_k);   // bug: + λ b_k
            }
        };
    }

    @Test
    void case3DecayOnBiasesFailsWithDrawnBiasesAndHidesAtTheSpecInit() {
        Plan plan = load(Path.of("specs/regression.net"));
        Batch batch = BatchMaker.make(plan, 4, 1);
        Parameters drawn = CheckWeights.drawBiases(Initializer.initialize(plan), 1);
        VerifyReport caught = Engines.verify(decayOnBiases(plan, drawn), drawn, batch, Verifier.Options.defaults());
        assertThat(caught.verdict()).isEqualTo(Verdict.DISAGREE);
        assertThat(caught.firstWrongStep().orElseThrow().step().quantity()).isEqualTo(Quantity.b(plan.depth()));
        Parameters spec = Initializer.initialize(plan);
        VerifyReport hidden = Engines.verify(decayOnBiases(plan, spec), spec, batch, Verifier.Options.defaults());
        assertThat(hidden.agrees()).as("with b_k = 0 the mistake changes nothing").isTrue();
    }

    @Test
    void case4MeaninglessStepsAreUsageErrorsUnlessForced() {
        for (String step : new String[] {"1e-300", "1e-14", "0.5"}) {
            CliRun r = run("verify", "specs/lecture4.net", "--step", step);
            assertThat(r.code()).as(step).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--step must lie between 1e-10 and 1e-2").contains("--force");
        }
        assertThat(run("verify", "specs/lecture4.net", "--step", "1e-14", "--force").code()).isNotEqualTo(ExitCodes.USAGE);
    }

    @Test
    void case5LargestBatchAgreesOnGradcheck784() {
        CliRun r = run("verify", "specs/gradcheck784.net", "--batch", "1000", "--seed", "3");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("verdict: agree");
    }

    private static EngineResult shifted(EngineResult r, Quantity q, double by) {
        Gradients g = r.gradients();
        Matrix m = g.get(q).copy();
        m.data[0] += by;
        g.put(q, m);
        return new EngineResult(r.engine(), r.loss(), g);
    }

    private static final Plan LECTURE4 = load(Path.of("specs/lecture4.net"));

    private static VerifyReport verify(EngineResult bp, EngineResult tape, FiniteDifferences fd, Parameters theta, Batch b) {
        return Verifier.verify(LECTURE4, theta, b, bp, tape, fd, Verifier.Options.defaults());
    }

    @Test
    void case6BlameIsRightForEachPlantedBug() {
        Parameters theta = CheckWeights.drawBiases(Initializer.initialize(LECTURE4), 1);
        Batch batch = BatchMaker.make(LECTURE4, 4, 1);
        EngineResult bp = Engines.backprop(Mutant.NO_TRANSPOSE.plant(LECTURE4), theta, batch);
        EngineResult tape = Engines.tape(LECTURE4, theta, batch);
        FiniteDifferences fd = new FiniteDifferences(LECTURE4, theta, batch, FiniteDifferences.DEFAULT_STEP);
        assertThat(verify(bp, tape, fd, theta, batch).blame().culprit()).isEqualTo("backprop");

        EngineResult good = Engines.backprop(new netgrad.backprop.Backprop(LECTURE4), theta, batch);
        EngineResult badTape = shifted(Engines.tape(LECTURE4, theta, batch), Quantity.W(2), 0.01);
        assertThat(verify(good, badTape, fd, theta, batch).blame().culprit()).isEqualTo("tape");

        FiniteDifferences badFd = new FiniteDifferences(LECTURE4, theta, batch, FiniteDifferences.DEFAULT_STEP) {
            @Override
            public Estimate entry(Quantity q, int index) {
                Estimate e = super.entry(q, index);
                return q.equals(Quantity.W(2)) && index == 0 ? new Estimate(e.value() + 0.01, e.kink()) : e;
            }
        };
        VerifyReport fdWrong = verify(good, Engines.tape(LECTURE4, theta, batch), badFd, theta, batch);
        assertThat(fdWrong.verdict()).isEqualTo(Verdict.DISAGREE);
        assertThat(fdWrong.blame().culprit()).isEqualTo("finite differences");

        EngineResult slightly = shifted(Engines.tape(LECTURE4, theta, batch), Quantity.W(2), 1e-9);
        VerifyReport onlyTape = verify(good, slightly, fd, theta, batch);
        assertThat(onlyTape.verdict()).isEqualTo(Verdict.DISAGREE);
        assertThat(onlyTape.blame().sentences().get(0))
                .isEqualTo("backprop and the tape disagree; finite differences, within their tolerance, cannot tell which is right");

        EngineResult tapeW2 = shifted(Engines.tape(LECTURE4, theta, batch), Quantity.W(2), 0.01);
        EngineResult bpW2 = shifted(Engines.backprop(new netgrad.backprop.Backprop(LECTURE4), theta, batch), Quantity.W(2),
                -0.01);
        VerifyReport all = verify(bpW2, tapeW2, fd, theta, batch);
        assertThat(all.blame().sentences()).anyMatch(s -> s.contains("all disagree"));
        assertThat(all.blame().culprit()).isEqualTo("undecided");
    }

    @Test
    void case6ABugInTheSharedLinearAlgebraIsBlamedThere() {
        Parameters theta = CheckWeights.drawBiases(Initializer.initialize(LECTURE4), 1);
        Batch batch = BatchMaker.make(LECTURE4, 4, 1);
        PlantedKernel.plant();
        try {
            VerifyReport r = Engines.verify(LECTURE4, theta, batch, Verifier.Options.defaults());
            assertThat(r.verdict()).isEqualTo(Verdict.DISAGREE);
            assertThat(r.blame().culprit()).isEqualTo("shared linear algebra");
            assertThat(String.join(" ", r.blame().sentences())).contains("Ops.mult").doesNotContain("--step");
        } finally {
            PlantedKernel.restore();
        }
    }

    @Test
    void case7TooBigForTheHeapExits65WithTheFlagToRaiseIt(@TempDir Path dir) throws IOException {
        Path file = spec(dir, "network huge {\n  input 9000\n  hidden 9000 tanh\n  output 10 softmax\n"
                + "  loss cross_entropy\n  init xavier seed 1\n}\n");
        CliRun r = run("verify", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("NETGRAD_JAVA_OPTS=-Xmx").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void taylorModeGivesOrderTwoForTheRightGradientAndOneForAPlantedBug() {
        CliRun r = run("verify", "specs/lecture4.net", "--mode", "taylor");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("verdict: agree");
        Parameters theta = CheckWeights.drawBiases(Initializer.initialize(LECTURE4), 1);
        Batch batch = BatchMaker.make(LECTURE4, 4, 1);
        EngineResult bad = Engines.backprop(Mutant.SUM_NOT_MEAN.plant(LECTURE4), theta, batch);
        netgrad.check.TaylorReport t = netgrad.check.TaylorReport.run(LECTURE4, theta, batch, bad,
                Engines.tape(LECTURE4, theta, batch), 1);
        assertThat(t.verdict()).isEqualTo(Verdict.DISAGREE);
        assertThat(t.rows().get(1).backprop().order()).isBetween(0.8, 1.3);
        assertThat(t.rows().get(1).tape().order()).isGreaterThan(1.7);
    }

    @Test
    void aThousandLayerHeaderIsSummarised(@TempDir Path dir) throws IOException {
        Path file = spec(dir, "network tall {\n  input 2\n" + "  hidden 2 tanh\n".repeat(999)
                + "  output 2 softmax\n  loss cross_entropy\n  init xavier seed 1\n}\n");
        CliRun r = run("verify", file.toString(), "--batch", "2");
        assertThat(r.out()).contains("2-2×999-2 (tanh ×999 → softmax)");
        assertThat(r.out().lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);
    }
}
