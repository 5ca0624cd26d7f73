package netgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.linalg.Matrix;
import netgrad.model.Initializer;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/** The weights reader takes W_k, b_k by their .npz keys, lets a dump's entries pass and refuses anything else. */
class WeightFilesTest {
    private static final Plan PLAN = Plan.of("t", new int[] {2, 3, 1}, List.of(new Activation.Tanh()),
            OutputFunction.IDENTITY, Loss.SQUARED_ERROR, 0, Init.xavier(4));

    @TempDir
    Path dir;

    private int files;

    @Test
    void weightsWrittenAsEntriesReadBackBitForBitBesideADumpsEntries() throws Exception {
        Parameters theta = Initializer.initialize(PLAN);
        Map<String, Matrix> arrays = new LinkedHashMap<>(WeightFiles.entries(theta));
        assertThat(arrays.keySet()).containsExactly("W1", "b1", "W2", "b2");
        arrays.put("x", new Matrix(2, 1));
        arrays.put(Quantity.a(2).npzKey("backprop"), new Matrix(1, 1));
        arrays.put(Quantity.h(1).npzKey("fd"), new Matrix(3, 1));
        Path file = write(arrays);
        Parameters back = WeightFiles.load(file, PLAN);
        for (Quantity q : PLAN.parameters()) {
            assertThat(back.get(q).data).as(q.label()).isEqualTo(theta.get(q).data);
        }
    }

    @Test
    void namesThatAreNeitherAParameterNorADumpsEntryAreRefused() throws IOException {
        for (String name : List.of("W3", "a1", "fd_q1", "grad_W1")) {
            Map<String, Matrix> arrays = new LinkedHashMap<>(WeightFiles.entries(Initializer.initialize(PLAN)));
            arrays.put(name, new Matrix(1, 1));
            Path file = write(arrays);
            assertThatThrownBy(() -> WeightFiles.load(file, PLAN)).as(name)
                    .isInstanceOf(WeightFiles.InvalidWeightsException.class)
                    .hasMessage(file + ": unexpected array '" + name + "' (a network of 2 layers has W1, b1, W2, b2)");
        }
    }

    private Path write(Map<String, Matrix> arrays) throws IOException {
        Path file = dir.resolve("w" + files++ + ".npz");
        Npz.write(file, arrays);
        return file;
    }
}
