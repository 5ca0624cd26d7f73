package netgrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * graph, train and verify --html on specs with user-defined activations (issue 13): the shipped exercises, a
 * swish network shaped for 28×28 images trained on the tiny synthetic bands of {@link TrainCommandTest}, and
 * swish with a planted wrong derivative.
 */
class UserDefinedActivationCommandsTest {
    static final List<String> EXERCISES = List.of("specs/exercises/swish.net", "specs/exercises/softsign.net",
            "specs/exercises/gelu.net");
    static final String SWISH_DEFINITION = "activation swish(z) = z * logistic(z)\n  derivative ";
    static final String CORRECT = "logistic(z) * (1 + z * (1 - logistic(z)))";
    static final String FORGOT_PRODUCT_RULE = "logistic(z) * (1 - logistic(z))";

    @TempDir
    Path tmp;

    static String activationOf(String spec) throws IOException {
        return Files.readString(Path.of(spec)).lines().filter(l -> l.strip().startsWith("hidden")).findFirst()
                .orElseThrow().strip().split("\\s+")[2];
    }

    @Test
    void graphDrawsTheLayerChainWithTheDefinedActivationOnItsEdge() throws IOException {
        for (String spec : EXERCISES) {
            CliRun layers = CliRun.of("graph", spec);
            assertThat(layers.code()).as(spec + layers.err()).isZero();
            assertThat(layers.out()).as(spec).contains("\"a1\" -> \"h1\" [label=\"" + activationOf(spec) + "\"]");
            Path svg = tmp.resolve("layers.svg");
            assertThat(CliRun.of("graph", spec, "-o", svg.toString()).code()).as(spec).isZero();
            assertThat(Files.readString(svg)).as(spec).startsWith("<").contains("<svg").contains(activationOf(spec));
        }
    }

    @Test
    void graphOfTheOpsRecordsTheDefinitionsElementaryOperations() {
        CliRun ops = CliRun.of("graph", EXERCISES.get(0), "--level", "ops");
        assertThat(ops.code()).as(ops.err()).isZero();
        // swish(a1) = a1 · logistic(a1): the tape's logistic is its stable form (exp, add, div), then a mul into h1
        assertThat(ops.out()).contains("[a1]").contains("%8 exp").contains("div").contains("mul\\n")
                .contains("identity  [h1]");
        for (String spec : EXERCISES) {
            assertThat(CliRun.of("graph", spec, "--level", "ops").code()).as(spec).isZero();
        }
    }

    @Test
    void trainAndEvaluateRunWithADefinedActivation() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        TrainCommandTest.writeBands(data, 400, 100);
        Path spec = tmp.resolve("swish784.net");
        Files.writeString(spec, SWISH_DEFINITION + CORRECT + "\n\nnetwork swish784 {\n  input 784\n  hidden 8 swish\n"
                + "  output 10 softmax\n  loss cross_entropy\n  init xavier seed 3\n}\n");
        Path out = tmp.resolve("run");
        CliRun train = CliRun.of("train", spec.toString(), "--data", data.toString(), "-e", "3", "-b", "16",
                "--threads", "1", "--seed", "3", "--out", out.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("epoch 3/3", "test accuracy");
        for (String file : new String[]{"curves.csv", "loss.png", "accuracy.png", "confusion.png", "weights.npz"}) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        String accuracy = train.out().lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow()
                .replaceAll("^test accuracy (\\S+) .*", "$1");
        assertThat(Double.parseDouble(accuracy.replace("%", ""))).isGreaterThan(90);   // the bands are learnable
        CliRun evaluate = CliRun.of("evaluate", spec.toString(), "--data", data.toString(),
                "--weights", out.resolve("weights.npz").toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("test accuracy " + accuracy);
    }

    @Test
    void verifyHtmlAgreesOnEveryExercise() throws IOException {
        for (String spec : EXERCISES) {
            Path page = tmp.resolve("verify.html");
            CliRun run = CliRun.of("verify", spec, "--html", page.toString());
            assertThat(run.code()).as(spec + run.out()).isZero();
            String html = Files.readString(page);
            assertThat(html).as(spec).contains("<html").contains(activationOf(spec)).doesNotContain("First wrong step");
        }
    }

    @Test
    void verifyHtmlLinksAWrongDerivativeToTheStepThatUsesIt() throws IOException {
        String text = Files.readString(Path.of(EXERCISES.get(0))).replace(CORRECT, FORGOT_PRODUCT_RULE);
        Path spec = tmp.resolve("swish.net");
        Files.writeString(spec, text);
        Path page = tmp.resolve("verify.html");
        CliRun run = CliRun.of("verify", spec.toString(), "--html", page.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("FIRST WRONG STEP: ∇a_1 = ∇h_1 ⊙ g′(a_1) with g = swish");
        assertThat(Files.readString(page))
                .contains("First wrong step: <a href=\"#step-a1\">∇a_1 = ∇h_1 ⊙ g′(a_1) with g = swish</a>")
                .contains("id=\"step-a1\"");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
