package netgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.testing.CliRun;

/** {@code netgrad problem}: the arrays, what it prints, and the problems it refuses to hand out. */
class ProblemCommandTest {
    @Test
    void writesWbXYAndSaysWhatEachIsAndHowToLoadIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p.npz");
        CliRun r = CliRun.of("problem", "specs/regression.net", "-o", out.toString(), "--batch", "5", "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Matrix> arrays = Npz.read(out);
        assertThat(arrays.keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3", "x", "y");
        assertThat(arrays.get("W1").shape()).isEqualTo("(8x3)");
        assertThat(arrays.get("x").shape()).isEqualTo("(3x5)");
        assertThat(r.out()).contains("W1   (8, 3)").contains("examples as columns").contains("λ = 0.001")
                .contains("np.load(\"p.npz\")").contains("np.savez(\"mine.npz\"").contains("--gradients mine.npz");
        assertThat(r.out().lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);

        CliRun again = CliRun.of("problem", "specs/regression.net", "-o", dir.resolve("q.npz").toString(), "--batch", "5",
                "--seed", "3");
        assertThat(Files.readAllBytes(dir.resolve("q.npz"))).as("bit for bit reproducible").isEqualTo(Files.readAllBytes(out));
        assertThat(again.code()).isZero();
    }

    @Test
    void theRowsLayoutTransposesEverythingAndWritesBiasesAsVectors(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rows.npz");
        CliRun r = CliRun.of("problem", "specs/regression.net", "-o", out.toString(), "--layout", "rows", "--batch", "5");
        assertThat(r.code()).isZero();
        assertThat(Npz.read(out).get("W1").shape()).isEqualTo("(3x8)");
        assertThat(Npz.read(out).get("x").shape()).isEqualTo("(5x3)");
        assertThat(r.out()).contains("b1   (8,)").contains("h_{k−1} @ W_k + b_k").doesNotContain("examples as columns");
    }

    @Test
    void anInconclusiveNetworkIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("tiny.net");
        Files.writeString(spec, "network tiny {\n  input 3\n  hidden 4 tanh\n  output 2 identity\n  loss squared_error\n"
                + "  decay 0.000000001\n  init xavier seed 1\n}\n");
        Path out = dir.resolve("p.npz");
        CliRun r = CliRun.of("problem", spec.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("no conclusive problem in 10 batches").contains("decay-forgotten");
        assertThat(out).doesNotExist();
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path dir) {
        String out = dir.resolve("p.npz").toString();
        assertThat(CliRun.of("problem", "specs/lecture4.net", "-o", out, "--layout", "columns").code()).isEqualTo(2);
        assertThat(CliRun.of("problem", "specs/lecture4.net", "-o", out, "--batch", "0").code()).isEqualTo(2);
        assertThat(CliRun.of("problem", "specs/lecture4.net").code()).isEqualTo(2);
        assertThat(CliRun.of("problem", "specs/nope.net", "-o", out).code()).isEqualTo(65);
    }

    @Test
    void verifyOnAProblemWithoutAnswerChecksItsWeightsAndBatch(@TempDir Path dir) {
        Path out = dir.resolve("p.npz");
        assertThat(CliRun.of("problem", "specs/lecture4.net", "-o", out.toString(), "--batch", "6").code()).isZero();
        CliRun r = CliRun.of("verify", "specs/lecture4.net", "--problem", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("(2x6)");
    }

    @Test
    void aBatchNormAndDropoutProblemCarriesGammaBetaEpsAndTheMasks(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bn.npz");
        CliRun r = CliRun.of("problem", "specs/bn-dropout.net", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Matrix> arrays = Npz.read(out);
        assertThat(arrays.keySet()).containsExactly("W1", "b1", "gamma1", "beta1", "eps1", "W2", "b2", "gamma2", "beta2",
                "eps2", "W3", "b3", "x", "y", "m1", "p1", "m2", "p2");
        assertThat(arrays.get("gamma1").shape()).isEqualTo("(6x1)");
        assertThat(arrays.get("m1").shape()).isEqualTo("(6x4)");
        assertThat(arrays.get("m2").shape()).isEqualTo("(5x4)");
        assertThat(arrays.get("eps2").data).containsExactly(1e-4);
        assertThat(arrays.get("p1").data).containsExactly(0.2);
        for (String mask : List.of("m1", "m2")) {
            assertThat(arrays.get(mask).data).as(mask).containsOnly(0.0, 1.0).contains(0.0);
        }
        // γ and β are drawn, so that neither a forgotten γ nor a forgotten β hides behind 1 or 0
        assertThat(arrays.get("gamma1").data).doesNotContain(1.0);
        assertThat(arrays.get("beta2").data).doesNotContain(0.0);
        String header = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(header).contains("'shape': (), }");   // eps_k and p_k are 0-D: float(p["eps1"]) in NumPy
        assertThat(r.out()).contains("gamma1 (6, 1)", "eps1   ()", "m1     (6, 4)", "p2     ()",
                "â_k = γ_k ⊙ (a_k − μ_k)/√(σ²_k + ε_k) + β_k", "biased variance (divided by B)",
                "h_k = m_k ⊙ g(·)/(1 − p_k)", "m = {k: p[f\"m{k}\"] for k in (1, 2)}", "dgamma_k, dbeta_k, dahat_k");
        assertThat(r.out().lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);

        Path rows = dir.resolve("bn-rows.npz");
        CliRun inRows = CliRun.of("problem", "specs/bn-dropout.net", "-o", rows.toString(), "--layout", "rows");
        assertThat(inRows.code()).isZero();
        assertThat(inRows.out()).contains("gamma1 (6,)", "m1     (4, 6)");
        Map<String, Matrix> transposed = Npz.read(rows);
        assertThat(transposed.get("m1").data).isEqualTo(arrays.get("m1").transpose().data);
        assertThat(transposed.get("gamma1").data).isEqualTo(arrays.get("gamma1").data);

        CliRun again = CliRun.of("problem", "specs/bn-dropout.net", "-o", dir.resolve("again.npz").toString());
        assertThat(again.code()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("again.npz"))).as("bit for bit reproducible")
                .isEqualTo(Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"specs/batchnorm.net", "specs/dropout.net", "specs/bn-dropout.net"})
    void everyShippedBatchNormOrDropoutSpecGetsAConclusiveProblemInBothLayouts(String spec, @TempDir Path dir) {
        for (String layout : List.of("lecture", "rows")) {
            Path out = dir.resolve(layout + ".npz");
            CliRun r = CliRun.of("problem", spec, "-o", out.toString(), "--layout", layout);
            assertThat(r.code()).as(spec + " " + layout + r.err()).isZero();
            CliRun v = CliRun.of("verify", spec, "--problem", out.toString());
            assertThat(v.code()).as(spec + " " + layout + v.out()).isZero();
            assertThat(v.out()).contains("verdict: agree");
        }
    }

    /** A problem file of bn-dropout.net changed by {@code change}, given to verify --problem: one line, exit 65. */
    private static CliRun tampered(Path dir, String spec, Consumer<Map<String, Matrix>> change) throws Exception {
        Path good = dir.resolve("good.npz");
        assertThat(CliRun.of("problem", spec, "-o", good.toString()).code()).isZero();
        Map<String, Matrix> arrays = new LinkedHashMap<>(Npz.read(good));
        change.accept(arrays);
        Path bad = dir.resolve("bad.npz");
        Npz.write(bad, arrays);
        CliRun r = CliRun.of("verify", spec, "--problem", bad.toString());
        assertThat(r.code()).as(r.err() + r.out()).isEqualTo(65);
        assertThat(r.err().lines()).as(r.err()).hasSize(1).allMatch(l -> l.startsWith("netgrad verify: " + bad));
        assertThat(r.err()).doesNotContain("Exception");
        return r;
    }

    @Test
    void aProblemWhoseBatchNormOrDropoutArraysDoNotFitIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        String bn = "specs/bn-dropout.net";
        assertThat(tampered(dir, bn, a -> a.put("gamma1", new Matrix(5, 1))).err())
                .contains("'gamma1' has shape (5x1), but γ_1 is (6,) or (6x1): one per unit of layer 1");
        assertThat(tampered(dir, bn, a -> a.put("beta2", new Matrix(5, 2))).err()).contains("'beta2' has shape (5x2)");
        assertThat(tampered(dir, bn, a -> a.put("m1", new Matrix(6, 3))).err())
                .contains("'m1' has shape (6x3), but m_1 is (6x4) in the lecture layout");
        assertThat(tampered(dir, bn, a -> a.get("m2").data[3] = 0.5).err())
                .contains("'m2' entry [0,3] is 0.5, but a dropout mask holds only 0 and 1");
        assertThat(tampered(dir, bn, a -> a.get("m2").data[0] = -1).err()).contains("is -1.0, but a dropout mask");
        assertThat(tampered(dir, bn, a -> a.get("m1").data[0] = Double.NaN).err()).contains("'m1' holds NaN");
        assertThat(tampered(dir, bn, a -> a.remove("m2")).err()).contains("no array m2");
        assertThat(tampered(dir, bn, a -> a.remove("gamma2")).err()).contains("no array gamma2");
        assertThat(tampered(dir, bn, a -> a.put("eps2", new Matrix(1, 1, new double[] {1e-5}))).err())
                .contains("'eps2' is 1.0E-5, but layer 2's batchnorm eps in the spec is 1.0E-4");
        assertThat(tampered(dir, bn, a -> a.put("p1", new Matrix(1, 1, new double[] {0.5}))).err())
                .contains("'p1' is 0.5, but layer 1's dropout p in the spec is 0.2");
        assertThat(tampered(dir, bn, a -> a.put("p1", new Matrix(2, 1))).err()).contains("'p1' has shape (2x1)");
        // the arrays of an operation the spec does not have: a problem made for another spec
        assertThat(tampered(dir, "specs/dropout.net", a -> a.put("gamma1", new Matrix(6, 1))).err())
                .contains("'gamma1' belongs to batch norm in layer 1, but layer 1 of dropout has no batch norm");
        assertThat(tampered(dir, "specs/batchnorm.net", a -> a.put("m2", new Matrix(4, 4))).err())
                .contains("'m2' belongs to dropout in layer 2, but layer 2 of batchnorm has no dropout");
    }
}
