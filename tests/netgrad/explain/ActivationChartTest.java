package netgrad.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.cli.ExitCodes;
import netgrad.plan.Activation;
import netgrad.plan.Compiler;
import netgrad.plan.Plan;
import netgrad.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code explain --activation NAME -o FILE.png}: the curves it draws, where they part, and its messages. */
class ActivationChartTest {
    static final String SWISH = "specs/exercises/swish.net";
    static final String CORRECT = "logistic(z) * (1 + z * (1 - logistic(z)))";
    /** The classic slip: the product rule forgotten, σ′ alone. */
    static final String FORGOT_PRODUCT_RULE = "logistic(z) * (1 - logistic(z))";
    /** Agreement of two exact derivatives, up to rounding. */
    static final double ROUNDING = 1e-12;

    static Plan swish(String derivative) throws IOException {
        String text = Files.readString(Path.of(SWISH)).replace(CORRECT, derivative);
        var c = Compiler.compile("swish.net", text);
        assertThat(c.render()).isEmpty();
        return c.plan();
    }

    static Path writeSwish(Path dir, String derivative) throws IOException {
        Path spec = dir.resolve("swish.net");
        Files.writeString(spec, Files.readString(Path.of(SWISH)).replace(CORRECT, derivative));
        return spec;
    }

    @Test
    void correctSwishDerivativeAgreesWithTheTapeEverywhere() throws IOException {
        ActivationChart.Curves c = ActivationChart.of("swish", ActivationChart.named(swish(CORRECT), "swish"));
        assertThat(c.agree()).isTrue();
        assertThat(c.largestDifference()).isLessThan(ROUNDING);
        assertThat(c.z()).hasSize(ActivationChart.POINTS);
        assertThat(c.z()[ActivationChart.POINTS / 2]).isZero();
        int i = 3 * (ActivationChart.POINTS - 1) / 4;                  // z = 5
        double s = 1 / (1 + Math.exp(-5.0));
        assertThat(c.g()[i]).isCloseTo(5 * s, within(ROUNDING));     // g(5) = 5σ(5)
        assertThat(c.tape()[i]).isCloseTo(s * (1 + 5 * (1 - s)), within(ROUNDING));
        assertThat(c.title()).startsWith("swish: g′ agrees with the tape's; largest difference");
    }

    @Test
    void forgottenProductRuleIsMarkedWhereItPartsWithTheLargestDifference() throws IOException {
        ActivationChart.Curves c = ActivationChart.of("swish",
                ActivationChart.named(swish(FORGOT_PRODUCT_RULE), "swish"));
        assertThat(c.agree()).isFalse();
        int zero = ActivationChart.POINTS / 2;
        assertThat(c.parted()).contains(zero);                        // yours σ′(0) = 0.25, the tape's 0.5
        assertThat(c.yours()[zero]).isCloseTo(0.25, within(ROUNDING));
        assertThat(c.tape()[zero]).isCloseTo(0.5, within(ROUNDING));
        // the largest |yours − tape| really is the largest over the grid
        double max = 0;
        for (int i = 0; i < c.z().length; i++) {
            max = Math.max(max, Math.abs(c.yours()[i] - c.tape()[i]));
        }
        assertThat(c.largestDifference()).isEqualTo(max).isGreaterThan(1.0);
        assertThat(c.title()).contains("parts from the tape's").contains("largest difference 1.04 at z = ");
    }

    @Test
    void builtInActivationsAgreeAndReluKinkIsNotCompared() throws IOException {
        Plan plan = swish(CORRECT);
        for (String name : ActivationChart.builtIn()) {
            if (name.equals("softplus")) {
                continue;                                            // below
            }
            ActivationChart.Curves c = ActivationChart.of(name, ActivationChart.named(plan, name));
            assertThat(c.agree()).as(name).isTrue();
            assertThat(c.largestDifference()).as(name).isLessThan(ROUNDING);
        }
        ActivationChart.Curves relu = ActivationChart.of("relu", ActivationChart.named(plan, "relu"));
        assertThat(relu.tape()[ActivationChart.POINTS / 2]).isNaN();    // z = 0, the kink
    }

    /**
     * The tape records softplus as max(z, 0) + log(1 + e^(−|z|)), whose pieces have kinks at exactly z = 0 (one-sided
     * derivatives 0 there), so the tape says g′(0) = 0 where σ(0) = 1/2: the chart shows that one point, and only it.
     */
    @Test
    void softplusPartsOnlyAtZeroWhereTheTapesRecordingHasAKink() throws IOException {
        ActivationChart.Curves c = ActivationChart.of("softplus", ActivationChart.named(swish(CORRECT), "softplus"));
        int zero = ActivationChart.POINTS / 2;
        assertThat(c.parted()).containsExactly(zero);
        assertThat(c.yours()[zero]).isEqualTo(0.5);
        assertThat(c.tape()[zero]).isEqualTo(0.0);
    }

    @Test
    void leakyReluTakesTheSpecsSlope() throws IOException {
        var c = Compiler.compile("l.net", "network l {\n  input 2\n  hidden 3 leaky_relu(0.2)\n  output 1 identity\n"
                + "  loss squared_error\n}\n");
        assertThat(c.render()).isEmpty();
        Activation g = ActivationChart.named(c.plan(), "leaky_relu");
        assertThat(((Activation.LeakyRelu) g).slope()).isEqualTo(0.2);
        assertThat(ActivationChart.of("leaky_relu", g).yours()[0]).isEqualTo(0.2);
    }

    @Test
    void commandWritesAPngAndSaysTheVerdict(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("swish.png");
        CliRun ok = CliRun.of("explain", SWISH, "--activation", "swish", "-o", png.toString());
        assertThat(ok.code()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).startsWith("swish: g′ agrees with the tape's");
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');

        Path wrong = writeSwish(dir, FORGOT_PRODUCT_RULE);
        CliRun parted = CliRun.of("explain", wrong.toString(), "--activation", "swish", "-o", png.toString());
        assertThat(parted.code()).isEqualTo(ExitCodes.OK);
        assertThat(parted.out()).contains("swish: g′ parts from the tape's at 801 of 801 points");
        assertThat(Files.readAllBytes(png)).isNotEqualTo(bytes);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("swish.png", "swish.net");
        }
    }

    @Test
    void builtInNameWorksToo(@TempDir Path dir) {
        CliRun run = CliRun.of("explain", SWISH, "--activation", "sigmoid", "-o", dir.resolve("s.png").toString());
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("sigmoid: g′ agrees with the tape's");
        assertThat(dir.resolve("s.png")).exists();
    }

    @Test
    void unknownNameIsAUsageErrorWithDidYouMean(@TempDir Path dir) {
        Path png = dir.resolve("x.png");
        CliRun typo = CliRun.of("explain", SWISH, "--activation", "swsh", "-o", png.toString());
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("unknown activation 'swsh' (did you mean 'swish'?)");
        CliRun far = CliRun.of("explain", SWISH, "--activation", "foo", "-o", png.toString());
        assertThat(far.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(far.err()).contains("unknown activation 'foo'").contains("swish").contains("tanh");
        for (String line : far.err().split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
        }
        assertThat(png).doesNotExist();
    }

    @Test
    void chartNeedsOutputAndRefusesTextOptions(@TempDir Path dir) {
        CliRun noOutput = CliRun.of("explain", SWISH, "--activation", "swish");
        assertThat(noOutput.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noOutput.err()).contains("--activation needs -o FILE.png");
        assertThat(noOutput.out()).isEmpty();
        String png = dir.resolve("x.png").toString();
        for (String option : new String[] {"--trace", "--mistakes"}) {
            CliRun r = CliRun.of("explain", SWISH, "--activation", "swish", option, "-o", png);
            assertThat(r.code()).as(option).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains(option + " does not go with --activation");
        }
        CliRun missingDir = CliRun.of("explain", SWISH, "--activation", "swish", "-o",
                dir.resolve("no/such/x.png").toString());
        assertThat(missingDir.code()).isEqualTo(ExitCodes.USAGE);
    }
}
