package netgrad.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.cli.SpecFiles;
import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.plan.Plan;
import netgrad.problem.Layout;
import netgrad.problem.ProblemFile;
import netgrad.testing.CliRun;

/**
 * Seeded structural fuzzing of {@link ProblemFile#read} on problems with batch norm and dropout: arrays of a valid
 * problem of specs/bn-dropout.net replaced by others of random shapes and values (NaN, ±∞, 0.5, −1, huge), removed,
 * or joined by arrays of layers and operations the spec lacks. Each mutant is read or refused with one line (an
 * {@code InvalidProblemException} naming the file); what is read holds masks of only 0 and 1 in the spec's shapes.
 */
class ProblemFuzzTest {
    private static final long SEED = 20261214L;
    private static final int CASES = 300;
    private static final double[] VALUES = {0, 1, 0.5, -1, 1e-5, 0.2, Double.NaN, Double.POSITIVE_INFINITY, 1e308};
    private static final String[] FOREIGN = {"gamma3", "beta0", "eps7", "m3", "p0", "m99999999999", "gamma1x", "p12"};

    @TempDir
    Path dir;

    @Test
    void mutatedBatchNormAndDropoutProblemsAreReadOrRefusedWithOneLine() throws Exception {
        Path spec = Path.of("specs/bn-dropout.net");
        Plan plan = SpecFiles.load(spec, new PrintWriter(new StringWriter()));
        Random random = new Random(SEED);
        int refused = 0;
        for (Layout layout : Layout.values()) {
            Path good = dir.resolve("good-" + layout.keyword() + ".npz");
            assertThat(CliRun.of("problem", spec.toString(), "-o", good.toString(), "--layout", layout.keyword()).code())
                    .isZero();
            Map<String, Matrix> valid = Npz.read(good);
            List<String> names = new ArrayList<>(valid.keySet());
            for (int c = 0; c < CASES / 2; c++) {
                Map<String, Matrix> arrays = new LinkedHashMap<>(valid);
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    String name = names.get(random.nextInt(names.size()));
                    switch (random.nextInt(4)) {
                        case 0 -> arrays.remove(name);
                        case 1 -> arrays.put(FOREIGN[random.nextInt(FOREIGN.length)], randomMatrix(random));
                        case 2 -> arrays.put(name, randomMatrix(random));
                        default -> {                               // one entry of the right shape changed
                            Matrix m = valid.get(name).copy();
                            if (m.size() > 0) m.data[random.nextInt(m.size())] = VALUES[random.nextInt(VALUES.length)];
                            arrays.put(name, m);
                        }
                    }
                }
                Path file = dir.resolve("mutant.npz");
                Npz.write(file, arrays);
                try {
                    Batch batch = ProblemFile.read(file, plan).batch();
                    for (int k = 1; k < plan.depth(); k++) {
                        Matrix mask = batch.masks().mask(k);
                        assertThat(mask.rows).isEqualTo(plan.units(k));
                        assertThat(mask.cols).isEqualTo(batch.size());
                        assertThat(mask.data).containsOnly(0.0, 1.0);
                    }
                } catch (ProblemFile.InvalidProblemException e) {
                    refused++;
                    assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
                } catch (Exception | Error e) {
                    fail("case " + c + " (" + layout + ", " + arrays.keySet() + "): " + e, e);
                }
            }
        }
        // most mutants break something the reader must refuse; a few (a changed W entry) are still a problem
        assertThat(refused).isBetween(CASES / 2, CASES - 5);
    }

    private static Matrix randomMatrix(Random random) {
        int rows = random.nextInt(8);
        int cols = random.nextInt(8);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data[i] = random.nextInt(3) == 0 ? VALUES[random.nextInt(VALUES.length)] : random.nextInt(2);
        }
        return m;
    }
}
