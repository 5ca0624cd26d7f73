package netgrad.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.check.Mutant;
import netgrad.cli.SpecFiles;
import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.model.Gradients;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.Layout;
import netgrad.problem.ProblemFile;
import netgrad.testing.CliRun;

/**
 * A user's answer made with each mistake of the catalogue planted, in both layouts, gets exit 1, the right first
 * wrong step and the mistake's id; a correct answer in either layout gets 0; any subset of quantities may be given;
 * bad arrays get one line each and exit 65. The answers are written as a NumPy user would: the rows layout holds
 * every array transposed (biases 1-D) under other names (grad_W1, W1_grad, dL_dz1, …). Every mistake is also
 * planted on the same network with batch norm and dropout in both hidden layers, where all 20 apply.
 */
class YourGradientsTest {
    /** lecture4's shape with softmax + squared error and decay: every mistake of the catalogue applies. */
    static final String EVERYTHING = "network everything {\n  input 4\n  hidden 3 logistic\n  hidden 3 tanh\n"
            + "  output 2 softmax\n  loss squared_error\n  decay 0.05\n  init xavier seed 42\n}\n";
    /** The same with batch norm and dropout in both hidden layers: every one of the 20 mistakes applies. */
    static final String EVERYTHING_BN = "network everything_bn {\n  input 4\n  hidden 3 logistic batchnorm dropout 0.25\n"
            + "  hidden 3 tanh batchnorm eps 1e-3 dropout 0.5\n  output 2 softmax\n  loss squared_error\n  decay 0.05\n"
            + "  init xavier seed 42\n}\n";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path spec;
    static Plan plan;
    static Path bnSpec;
    static Plan bnPlan;

    @BeforeAll
    static void problems() throws IOException {
        spec = dir.resolve("everything.net");
        Files.writeString(spec, EVERYTHING);
        plan = SpecFiles.load(spec, new PrintWriter(new StringWriter()));
        bnSpec = dir.resolve("everything-bn.net");
        Files.writeString(bnSpec, EVERYTHING_BN);
        bnPlan = SpecFiles.load(bnSpec, new PrintWriter(new StringWriter()));
        for (Layout layout : Layout.values()) {
            for (Plan p : List.of(plan, bnPlan)) {
                CliRun r = CliRun.of("problem", specOf(p).toString(), "-o", problem(p, layout).toString(), "--layout",
                        layout.keyword());
                assertThat(r.code()).as(r.err()).isZero();
            }
        }
    }

    static Path problem(Layout layout) {
        return problem(plan, layout);
    }

    static Path problem(Plan p, Layout layout) {
        return dir.resolve("problem-" + p.name() + "-" + layout.keyword() + ".npz");
    }

    static Path specOf(Plan p) {
        return p == bnPlan ? bnSpec : spec;
    }

    static Map<String, Matrix> answer(Backprop backprop, Layout layout, double reduction) throws Exception {
        return answer(plan, backprop, layout, reduction);
    }

    /**
     * Every quantity a user could give, computed by {@code backprop} on the problem of {@code net} (with its dropout
     * masks), in {@code layout}: gradients scaled by {@code reduction}; vectors (∇b_k, ∇γ_k, ∇β_k, μ_k, σ²_k) as
     * n_k × 1 columns, written 1-D in the rows layout by {@link #verify}.
     */
    static Map<String, Matrix> answer(Plan net, Backprop backprop, Layout layout, double reduction) throws Exception {
        ProblemFile.Problem p = ProblemFile.read(problem(net, layout), net);
        ForwardPass f = backprop.forward(p.theta(), p.batch());
        Gradients g = backprop.backward(f, p.theta(), p.batch());
        boolean rows = layout == Layout.ROWS;
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (int k = 1; k <= net.depth(); k++) {
            out.put((rows ? "z" : "a") + k, t(f.a(k), rows));
            if (k < net.depth() && net.batchNorm(k)) {
                out.put((rows ? "mean_" : "mu") + k, f.mean()[k].copy());
                out.put((rows ? "sigma2_" : "var") + k, f.variance()[k].copy());
                out.put((rows ? "x_hat" : "xhat") + k, t(f.xhat()[k], rows));
                out.put((rows ? "z_hat" : "ahat") + k, t(f.ahat(k), rows));
            }
            if (k < net.depth()) out.put("h" + k, t(f.h(k), rows));
        }
        out.put("yhat", t(f.yhat(), rows));
        out.put("loss", new Matrix(1, 1, new double[] {backprop.loss(f, p.theta(), p.batch())}));
        for (Quantity q : g.toMap().keySet()) {
            String name = switch (q.kind()) {
                case WEIGHT -> rows ? "grad_W" + q.k() : "dW" + q.k();
                case BIAS -> rows ? "b" + q.k() + "_grad" : "db_" + q.k();
                case PRE_ACTIVATION -> rows ? "dL_dz" + q.k() : "da" + q.k();
                case ACTIVATION -> rows ? "dLdh" + q.k() : "dh" + q.k();
                case GAMMA -> rows ? "gamma" + q.k() + "_grad" : "dgamma" + q.k();
                case BETA -> rows ? "dL_dbeta" + q.k() : "dbeta_" + q.k();
                case NORMALIZED -> rows ? "grad_a_hat" + q.k() : "dahat" + q.k();
            };
            Matrix m = g.get(q).copy();
            for (int i = 0; i < m.size(); i++) m.data[i] *= reduction;
            out.put(name, t(m, rows && m.cols != 1));
        }
        return out;
    }

    private static Matrix t(Matrix m, boolean transpose) {
        return transpose ? m.transpose() : m.copy();
    }

    static CliRun verify(Layout layout, Map<String, Matrix> arrays, String name) throws IOException {
        return verify(plan, layout, arrays, name);
    }

    /** verify --json of the answer {@code arrays} on the problem of {@code net}; n × 1 arrays 1-D in the rows layout. */
    static CliRun verify(Plan net, Layout layout, Map<String, Matrix> arrays, String name) throws IOException {
        Path mine = dir.resolve(name + ".npz");
        Set<String> vectors = layout == Layout.ROWS ? arrays.entrySet().stream()
                .filter(e -> e.getValue().cols == 1 && e.getValue().rows > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet()) : Set.of();
        Npz.write(mine, arrays, vectors);
        return CliRun.of("verify", specOf(net).toString(), "--problem", problem(net, layout).toString(), "--gradients",
                mine.toString(), "--json");
    }

    static JsonNode yours(CliRun r) throws IOException {
        return JSON.readTree(r.out()).get("yours");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aCorrectAnswerInEitherLayoutAgrees(Layout layout) throws Exception {
        CliRun r = verify(layout, answer(new Backprop(plan), layout, 1), "correct-" + layout.keyword());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode y = yours(r);
        assertThat(y.get("agree").asBoolean()).isTrue();
        assertThat(y.get("first_wrong_step").isNull()).isTrue();
        assertThat(y.get("arrays")).hasSize(3 + 2 + 2 + 9 + 2);
        for (JsonNode a : y.get("arrays")) {
            String expected = a.get("quantity").asText().startsWith("db") ? "1-D|lecture|row"
                    : layout == Layout.ROWS ? "transposed|lecture" : "lecture";   // W2 (3x3) is square
            assertThat(a.get("layout").asText()).as(a.toString()).matches(expected + "|scalar");
        }
    }

    /** On lecture 4's network each mistake it has; the four of batch norm and dropout on the network with both. */
    @ParameterizedTest
    @EnumSource(Mutant.class)
    void everyPlantedMistakeIsNamedAtItsStepInBothLayouts(Mutant mutant) throws Exception {
        namedAtItsStep(mutant.concerns(plan) ? plan : bnPlan, mutant);
    }

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void everyPlantedMistakeIsNamedAtItsStepOnANetworkWithBatchNormAndDropout(Mutant mutant) throws Exception {
        assertThat(mutant.notApplicable(bnPlan, 4)).as(mutant.id()).isNull();
        namedAtItsStep(bnPlan, mutant);
    }

    private static void namedAtItsStep(Plan net, Mutant mutant) throws Exception {
        for (Layout layout : Layout.values()) {
            String what = mutant.id() + " on " + net.name() + " " + layout;
            CliRun r = verify(net, layout, answer(net, mutant.plant(net), layout, 1), mutant.id() + "-" + net.name()
                    + "-" + layout.keyword());
            assertThat(r.code()).as(what + r.err()).isEqualTo(1);
            JsonNode y = yours(r);
            assertThat(y.get("first_wrong_step").asText()).as(what).isEqualTo("d" + mutant.expectedStep(net).label());
            assertThat(y.get("diagnosis").get("mistake").asText()).as(what).isEqualTo(mutant.id());
            assertThat(y.get("diagnosis").get("fix").asText()).isEqualTo(mutant.fix());
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aCorrectAnswerWithBatchNormAndDropoutAgreesAndIsCheckedForwardFirst(Layout layout) throws Exception {
        CliRun r = verify(bnPlan, layout, answer(bnPlan, new Backprop(bnPlan), layout, 1), "bn-correct-" + layout.keyword());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode y = yours(r);
        assertThat(y.get("agree").asBoolean()).isTrue();
        List<String> order = new java.util.ArrayList<>();
        y.get("arrays").forEach(a -> order.add(a.get("quantity").asText()));
        assertThat(order).containsExactly("a1", "mu1", "var1", "xhat1", "ahat1", "h1", "a2", "mu2", "var2", "xhat2",
                "ahat2", "h2", "a3", "yhat", "loss", "da3", "dW3", "db3", "dh2", "dahat2", "dgamma2", "dbeta2", "da2", "dW2",
                "db2", "dh1", "dahat1", "dgamma1", "dbeta1", "da1", "dW1", "db1");
        for (JsonNode a : y.get("arrays")) {
            String q = a.get("quantity").asText();
            String expected = q.matches("db\\d|dgamma\\d|dbeta\\d|mu\\d|var\\d") ? "1-D|lecture|row"
                    : layout == Layout.ROWS ? "transposed|lecture" : "lecture";
            assertThat(a.get("layout").asText()).as(a.toString()).matches(expected + "|scalar");
        }
    }

    @Test
    void aWrongForwardPassThroughBatchNormIsNamedBeforeAnyGradient() throws Exception {
        Map<String, Matrix> arrays = answer(bnPlan, new Backprop(bnPlan), Layout.LECTURE, 1);
        Matrix var = arrays.get("var2");                             // np.var(a, ddof=1): the unbiased variance
        for (int i = 0; i < var.size(); i++) var.data[i] *= 4.0 / 3;
        arrays.put("dgamma1", new Matrix(3, 1));                     // wrong too, but later in the order
        CliRun r = verify(bnPlan, Layout.LECTURE, arrays, "bn-unbiased-forward");
        assertThat(r.code()).isEqualTo(1);
        JsonNode y = yours(r);
        assertThat(y.get("first_wrong_step").asText()).isEqualTo("var2");
        assertThat(y.get("formula").asText()).contains("σ²_2 = (1/B) Σ_j (a_2 − μ_2)²");
        assertThat(y.get("layer").asInt()).isEqualTo(2);
        assertThat(y.get("line").asInt()).isEqualTo(4);
        assertThat(y.get("diagnosis").get("mistake").isNull()).isTrue();
        assertThat(y.get("diagnosis").get("shape").asText()).contains("B/(B − 1) = 4/3 (the unbiased variance");
    }

    @Test
    void aForwardPassWithoutDropoutsScaleIsDescribedAsThatFactor() throws Exception {
        Map<String, Matrix> arrays = new LinkedHashMap<>();
        Matrix h = answer(bnPlan, new Backprop(bnPlan), Layout.LECTURE, 1).get("h2");
        for (int i = 0; i < h.size(); i++) h.data[i] *= 1 - 0.5;    // m ⊙ g(â) without the 1/(1 − p)
        arrays.put("h2", h);
        JsonNode y = yours(verify(bnPlan, Layout.LECTURE, arrays, "dropout-forward-unscaled"));
        assertThat(y.get("first_wrong_step").asText()).isEqualTo("h2");
        assertThat(y.get("formula").asText()).isEqualTo("h_2 = m_2 ⊙ g(â_2)/(1 − 0.5) with g = tanh");
        assertThat(y.get("diagnosis").get("shape").asText()).contains("1 − p = 0.5 (dropout's 1/(1 − p) left out)");
    }

    @Test
    void batchNormNamesOnANetworkWithoutItAndIntermediatesAreToldApart() throws Exception {
        Path mine = dir.resolve("bn-names.npz");
        Map<String, Matrix> bad = new LinkedHashMap<>();
        bad.put("dgamma1", new Matrix(3, 1));
        bad.put("mu2", new Matrix(3, 1));
        Npz.write(mine, bad);
        CliRun r = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(), "--gradients",
                mine.toString());
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err().lines()).hasSize(2)
                .anyMatch(l -> l.contains("'dgamma1': layer 1 of everything has no batch norm, so no ∇γ_1"))
                .anyMatch(l -> l.contains("'mu2': layer 2 of everything has no batch norm, so no μ_2"));

        Map<String, Matrix> arrays = answer(bnPlan, new Backprop(bnPlan), Layout.LECTURE, 1);
        Map<String, Matrix> some = new LinkedHashMap<>();
        some.put("dgamma1", arrays.get("dgamma1"));
        some.put("dxhat1", new Matrix(3, 4));                        // CS231n's intermediate: no step of its own
        some.put("m1", new Matrix(3, 4));                            // the problem's own mask, repeated
        Path both = dir.resolve("bn-intermediate.npz");
        Npz.write(both, some);
        CliRun ok = CliRun.of("verify", bnSpec.toString(), "--problem", problem(bnPlan, Layout.LECTURE).toString(),
                "--gradients", both.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("(not checked: m1, the problem's own)")
                .contains("(not checked: dxhat1, intermediates of batch norm's backward");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aSumWhereTheLectureMeansTheMeanIsReportedAsThatMistake(Layout layout) throws Exception {
        Map<String, Matrix> summed = answer(new Backprop(plan), layout, 4);   // B = 4: every gradient ×B
        summed.keySet().removeIf(n -> !n.matches("d.*|grad_W\\d|b\\d_grad"));
        CliRun r = verify(layout, summed, "summed-" + layout.keyword());
        assertThat(r.code()).isEqualTo(1);
        JsonNode y = yours(r);
        assertThat(y.get("first_wrong_step").asText()).isEqualTo("da3");
        assertThat(y.get("arrays").get(0).get("reduction").asText()).isEqualTo("sum (B× the mean)");
        assertThat(y.get("diagnosis").get("mistake").asText()).isEqualTo("sum-not-mean");
    }

    @Test
    void aLossBTimesTheLecturesIsTheSumNotTheMean() throws Exception {
        Map<String, Matrix> arrays = answer(new Backprop(plan), Layout.LECTURE, 1);
        Matrix loss = arrays.get("loss");
        double decay = 0;
        ProblemFile.Problem p = ProblemFile.read(problem(Layout.LECTURE), plan);
        for (int k = 1; k <= plan.depth(); k++) decay += 0.5 * plan.weightDecay() * netgrad.linalg.Ops.sumOfSquares(p.theta().W(k));
        loss.data[0] = 4 * (loss.data[0] - decay) + decay;
        CliRun r = verify(Layout.LECTURE, arrays, "loss-summed");
        assertThat(r.code()).isEqualTo(1);
        assertThat(yours(r).get("first_wrong_step").asText()).isEqualTo("loss");
        assertThat(yours(r).get("diagnosis").get("mistake").asText()).isEqualTo("sum-not-mean");
    }

    @Test
    void anySubsetMayBeGivenAndTheFirstWrongIsTheFirstAmongThem() throws Exception {
        Map<String, Matrix> all = answer(Mutant.TANH_PRIME_AS_1_MINUS_TANH.plant(plan), Layout.LECTURE, 1);
        Map<String, Matrix> some = new LinkedHashMap<>();
        some.put("db_3", all.get("db_3"));   // right: above the mistake
        some.put("dW1", all.get("dW1"));     // wrong: below it
        CliRun r = verify(Layout.LECTURE, some, "subset");
        assertThat(r.code()).isEqualTo(1);
        JsonNode y = yours(r);
        assertThat(y.get("arrays")).hasSize(2);
        assertThat(y.get("first_wrong_step").asText()).isEqualTo("dW1");
        assertThat(y.get("diagnosis").get("mistake").asText()).isEqualTo("tanh-prime-as-1-minus-tanh");

        Map<String, Matrix> right = new LinkedHashMap<>();
        right.put("db_3", all.get("db_3"));
        right.put("h1", all.get("h1"));
        assertThat(verify(Layout.LECTURE, right, "subset-right").code()).isZero();
    }

    @Test
    void theTextReportNamesTheStepTheLayerTheLineAndTheFix() throws Exception {
        Path mine = dir.resolve("text.npz");
        Npz.write(mine, answer(Mutant.GPRIME_AT_H.plant(plan), Layout.LECTURE, 1));
        CliRun r = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(), "--gradients",
                mine.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FIRST WRONG STEP OF YOURS: ∇a_2 = ∇h_2 ⊙ g′(a_2) with g = tanh")
                .contains("loop k = 3, layer 2, spec line 4").contains("diagnosis: gprime-at-h: ")
                .contains("fix: " + Mutant.GPRIME_AT_H.fix());
        String section = r.out().substring(r.out().indexOf("\nyours ("));   // the three-way table is verify's own
        assertThat(section.lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);
    }

    @Test
    void aSquareArrayInTheOtherLayoutIsReadTheWayThatIsRight() throws Exception {
        Map<String, Matrix> arrays = new LinkedHashMap<>();
        Map<String, Matrix> lecture = answer(new Backprop(plan), Layout.LECTURE, 1);
        arrays.put("dW2", lecture.get("dW2"));                       // (3x3) in the lecture's layout, on a rows problem
        CliRun r = verify(Layout.ROWS, arrays, "square-lecture-on-rows");
        assertThat(r.code()).isZero();
        assertThat(yours(r).get("arrays").get(0).get("layout").asText()).isEqualTo("lecture");

        Map<String, Matrix> wrong = new LinkedHashMap<>();              // a wrong square array: read in the problem's layout
        wrong.put("dW2", answer(Mutant.GPRIME_AT_H.plant(plan), Layout.ROWS, 1).get("grad_W2"));
        CliRun w = verify(Layout.ROWS, wrong, "square-wrong-on-rows");
        assertThat(yours(w).get("arrays").get(0).get("layout").asText()).isEqualTo("transposed");
        assertThat(yours(w).get("diagnosis").get("mistake").asText()).isEqualTo("gprime-at-h");
    }

    @Test
    void badArraysGetOneLineEachAndExit65() throws IOException {
        Path mine = dir.resolve("bad.npz");
        Map<String, Matrix> bad = new LinkedHashMap<>();
        bad.put("dQ1", new Matrix(3, 4));
        bad.put("dW1", new Matrix(5, 5));
        bad.put("db2", new Matrix(3, 1, new double[] {0, Double.NaN, 0}));
        bad.put("dh3", new Matrix(2, 4));
        Npz.write(mine, bad);
        CliRun r = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(), "--gradients",
                mine.toString());
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err().lines()).hasSize(4).allMatch(l -> l.startsWith("netgrad verify: "))
                .anyMatch(l -> l.contains("'dQ1': unknown name"))
                .anyMatch(l -> l.contains("'dW1' has shape (5x5), but ∇W_1 is (3x4) or, transposed, (4x3)"))
                .anyMatch(l -> l.contains("'db2' entry [1,0] is NaN"))
                .anyMatch(l -> l.contains("'dh3': a network of 3 layers has no ∇h_3"));
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void nonNumericAndPickledFilesAreRefusedWithOneLine() {
        for (String fixture : new String[] {"numpy-strings.npz", "numpy-pickled-dict.npy", "python-pickle.npz"}) {
            CliRun r = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(), "--gradients",
                    "tests/netgrad/io/" + fixture);
            assertThat(r.code()).as(fixture).isEqualTo(65);
            assertThat(r.err().lines()).as(fixture + r.err()).hasSize(1);
        }
        CliRun pickled = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(),
                "--gradients", "tests/netgrad/io/numpy-pickled-dict.npy");
        assertThat(pickled.err()).contains("np.savez");
    }

    @Test
    void gradientsWithoutAProblemIsAUsageError() {
        CliRun r = CliRun.of("verify", spec.toString(), "--gradients", "x.npz");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--gradients needs --problem");
    }

    @Test
    void theVerifyPageShowsYoursWithTheFirstWrongStepLinkedAndTheDiagnosis() throws Exception {
        Path mine = dir.resolve("page-mistaken.npz");
        Npz.write(mine, answer(Mutant.GPRIME_AT_H.plant(plan), Layout.LECTURE, 1));
        Path page = dir.resolve("yours.html");
        CliRun r = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(), "--gradients",
                mine.toString(), "--html", page.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        String html = Files.readString(page);
        assertThat(html).contains("<section id=\"yours\">", "First wrong step of yours",
                "<code>" + Mutant.GPRIME_AT_H.id() + "</code>", "<tr class=\"first\">");
        // the first wrong step of yours links to its formula in the derivation on the same page
        String section = html.substring(html.indexOf("<section id=\"yours\">"));
        String link = "First wrong step of yours: <a href=\"#";
        String target = section.substring(section.indexOf(link) + link.length());
        target = target.substring(0, target.indexOf('"'));
        assertThat(html).contains("id=\"" + target + "\"");

        Path right = dir.resolve("page-correct.npz");
        Npz.write(right, answer(new Backprop(plan), Layout.LECTURE, 1));
        CliRun ok = CliRun.of("verify", spec.toString(), "--problem", problem(Layout.LECTURE).toString(), "--gradients",
                right.toString(), "--html", page.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readString(page)).contains("Yours agree with the lecture's gradients on every array given.")
                .doesNotContain("First wrong step of yours");
    }
}
