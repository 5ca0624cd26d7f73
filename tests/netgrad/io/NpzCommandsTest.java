package netgrad.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netgrad.cli.ExitCodes;
import netgrad.testing.CliRun;

/** Every command that reads a weights .npz refuses a hostile one with exit 65 and one line on stderr. */
class NpzCommandsTest {
    private static String fixture(String name) throws URISyntaxException {
        return Path.of(NpzCommandsTest.class.getResource("/netgrad/io/" + name).toURI()).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify", "explain", "graph", "evaluate"})
    void aPickledDictAsWeightsExits65WithOneLine(String command) throws Exception {
        String weights = fixture("numpy-pickled-dict.npy");
        CliRun r = command.equals("evaluate")
                ? CliRun.of("evaluate", "specs/fashion-mlp.net", "--data", "no-such-dir", "--weights", weights)
                : command.equals("explain") ? CliRun.of("explain", "specs/xor.net", "--trace", "--weights", weights)
                : command.equals("graph") ? CliRun.of("graph", "specs/xor.net", "--level", "ops", "--weights", weights)
                : CliRun.of(command, "specs/xor.net", "--weights", weights);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).isEqualTo("netgrad " + command + ": " + weights + ": a pickled .npy (np.save of a dict?), not a"
                + " .npz; netgrad never unpickles: save with np.savez('answer.npz', **d)\n");
    }
}
