package netgrad.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/** Runs Debian's /usr/bin/python3 (the one with numpy and torch) on exported scripts, for the tests. */
record Python(int code, String out, String err) {
    static final String PYTHON = "/usr/bin/python3";
    static final String TORCHRUN = "/usr/bin/torchrun";
    static final long TIMEOUT_SECONDS = 300;

    /** Whether /usr/bin/python3 can import torch (Debian's python3-torch); asked once. */
    static final boolean HAS_TORCH = probe();

    private static boolean probe() {
        try {
            return Files.isExecutable(Path.of(PYTHON)) && run(null, PYTHON, "-c", "import numpy, torch").code == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips the calling test, saying why, when torch is not there. */
    static void assumeTorch() {
        Assumptions.assumeTrue(HAS_TORCH, "skipped: " + PYTHON + " cannot import torch"
                + " (install it with: sudo apt-get install python3-torch)");
    }

    /** Runs a command in {@code dir} (null: the current directory) with one OpenMP thread per process. */
    static Python run(Path dir, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path out = Files.createTempFile("netgrad-python", ".out");
        Path err = Files.createTempFile("netgrad-python", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Python(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** python3 SCRIPT ARGS… */
    static Python script(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        return run(null, command.toArray(String[]::new));
    }

    /** The number after {@code label} in the output, e.g. {@code number("loss L = ")}. */
    double number(String label) {
        return parse(out + err, label);
    }

    /** The number after {@code label} in {@code text}. */
    static double parse(String text, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "([-+0-9.eE]+|nan|inf)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no '" + label + "' in the output:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Everything printed, for assertion messages. */
    String both() {
        return out + err;
    }
}
