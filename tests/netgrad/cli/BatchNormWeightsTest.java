package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.io.Npz;
import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

/**
 * {@code verify --weights} on a batch-norm and dropout spec reads the weights.npz that {@code train} writes: W_k,
 * b_k, γ_k, β_k and the running mean and variance; a weights file whose running statistics or γ do not fit is
 * refused in one line (exit 65), never skipped.
 */
class BatchNormWeightsTest {
    static final String SPEC = "network tiny_bn {\n  input 784\n  hidden 6 relu batchnorm dropout 0.2\n"
            + "  output 10 softmax\n  loss cross_entropy\n  init he seed 3\n}\n";

    @TempDir
    static Path tmp;
    static Path spec;
    static Path weights;
    static Plan plan;

    @BeforeAll
    static void trained() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        TrainCommandTest.writeBands(data, 120, 30);
        spec = tmp.resolve("tiny-bn.net");
        Files.writeString(spec, SPEC);
        plan = SpecFiles.load(spec, new PrintWriter(new StringWriter()));
        Path out = tmp.resolve("run");
        CliRun train = CliRun.of("train", spec.toString(), "--data", data.toString(), "-e", "1", "-b", "30",
                "--threads", "1", "--out", out.toString());
        assertThat(train.code()).as(train.err()).isZero();
        weights = out.resolve("weights.npz");
    }

    @Test
    void verifyReadsTheWeightsTrainWroteWithGammaBetaAndRunningStatistics() throws Exception {
        Map<String, Matrix> saved = Npz.read(weights);
        assertThat(saved.keySet()).contains("W1", "b1", "gamma1", "beta1", "running_mean1", "running_var1", "W2", "b2");
        Parameters theta = WeightFiles.load(weights, plan);
        assertThat(theta.gamma(1).data).isEqualTo(saved.get("gamma1").data);
        assertThat(theta.runningMean(1).data).isEqualTo(saved.get("running_mean1").data)
                .as("trained: not the initial zeros").isNotEqualTo(new double[6]);
        assertThat(theta.runningVariance(1).data).isEqualTo(saved.get("running_var1").data);

        CliRun r = CliRun.of("verify", spec.toString(), "--weights", weights.toString(), "--mode", "sampled");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("weights: from " + weights).contains("∇γ_1").contains("verdict: agree");
    }

    /** The weights train wrote, changed by {@code change}, given to verify --weights: one line, exit 65. */
    private static String refused(String name, Consumer<Map<String, Matrix>> change) throws Exception {
        Map<String, Matrix> arrays = new LinkedHashMap<>(Npz.read(weights));
        change.accept(arrays);
        Path bad = tmp.resolve(name + ".npz");
        Npz.write(bad, arrays);
        CliRun r = CliRun.of("verify", spec.toString(), "--weights", bad.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(65);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception");
        return r.err();
    }

    @Test
    void runningStatisticsOrGammaThatDoNotFitAreRefused() throws Exception {
        assertThat(refused("mean-shape", a -> a.put("running_mean1", new Matrix(5, 1))))
                .contains("'running_mean1' has shape (5x1) but batch norm's running statistics of that layer are (6x1)");
        assertThat(refused("var-negative", a -> a.get("running_var1").data[2] = -0.5))
                .contains("'running_var1' entry 2 is -0.5, not a variance (≥ 0)");
        assertThat(refused("var-nan", a -> a.get("running_var1").data[0] = Double.NaN))
                .contains("'running_var1' entry 0 is NaN, not a finite number");
        assertThat(refused("gamma-shape", a -> a.put("gamma1", new Matrix(6, 2))))
                .contains("'gamma1' has shape (6x2) but the network needs (6x1)");
        assertThat(refused("no-beta", a -> a.remove("beta1"))).contains("no array 'beta1'");
    }
}
