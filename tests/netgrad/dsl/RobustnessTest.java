package netgrad.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;

/**
 * No input makes the front end throw: random word salads from the language's own vocabulary and
 * random one-token mutations of every shipped spec either compile or give diagnostics that point
 * inside the file.
 */
class RobustnessTest {
    private static final long SEED = 20261122L;
    private static final String[] WORDS = {"network", "input", "hidden", "output", "loss", "init", "decay", "repeat",
        "train", "{", "}", "(", ")", ";", "\n", "\n", "\n", "-", "3", "0.5", "1e9", "99999999999", "x", "tanh",
        "softmax", "leaky_relu", "cross_entropy", "xavier", "seed", "scale", "epochs", "adam", "optimizer", "#",
        "@", "\t", "\r\n"};

    private static void assertWellFormed(String text, Compilation c) {
        if (c.ok()) {
            assertThat(c.diagnostics()).isEmpty();
            return;
        }
        int lines = text.split("\r\n|\r|\n", -1).length;
        assertThat(c.diagnostics()).as(text).isNotEmpty().allSatisfy(d -> {
            assertThat(d.pos().line()).isBetween(1, lines);
            assertThat(d.pos().column()).isPositive();
            assertThat(d.message()).isNotBlank().doesNotContain("expecting {").doesNotContain("mismatched input");
        });
        assertThat(c.render()).isNotEmpty();
    }

    @Test
    void randomWordSaladsNeverThrow() {
        Random random = new Random(SEED);
        for (int trial = 0; trial < 400; trial++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "network n {\n" : "");
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            String spec = text.toString();
            assertWellFormed(spec, Compiler.compile("salad.net", spec));
        }
    }

    @Test
    void everyOneTokenMutationOfTheShippedSpecsIsHandled() throws IOException {
        Random random = new Random(SEED);
        List<Path> specs = new ArrayList<>();
        try (var files = Files.list(Path.of("specs"))) {
            files.filter(p -> p.toString().endsWith(".net")).sorted().forEach(specs::add);
        }
        int mutants = 0;
        for (Path spec : specs) {
            String[] words = Files.readString(spec).split("(?<=\\s)|(?=\\s)");
            for (int trial = 0; trial < 40; trial++) {
                String[] mutant = words.clone();
                int at = random.nextInt(mutant.length);
                mutant[at] = switch (random.nextInt(3)) {
                    case 0 -> "";
                    case 1 -> WORDS[random.nextInt(WORDS.length)];
                    default -> mutant[at] + mutant[random.nextInt(mutant.length)];
                };
                String text = String.join("", mutant);
                assertWellFormed(text, Compiler.compile("mutant.net", text));
                mutants++;
            }
        }
        assertThat(mutants).isEqualTo(40 * specs.size());
    }
}
