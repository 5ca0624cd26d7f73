package netgrad.graph;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Renders DOT text with Graphviz's {@code dot} program, when it is on the PATH. */
public final class Graphviz {
    private Graphviz() {}

    /** How to get {@code dot} when it is missing. */
    public static final String INSTALL_HINT = "install Graphviz: sudo apt-get install graphviz "
            + "(macOS: brew install graphviz), or see https://graphviz.org/download/";

    /** The system property that overrides where {@code dot} is found. */
    public static final String PROPERTY = "netgrad.dot";

    /** Rendering waits this long for {@code dot} before giving up. */
    static final long TIMEOUT_SECONDS = 120;

    /**
     * The {@code dot} executable: the system property {@value #PROPERTY} when set (a path, or {@code none} to
     * act as if Graphviz were missing), else the first {@code dot} on the PATH, if any.
     */
    public static Optional<Path> dot() {
        String override = System.getProperty(PROPERTY);
        if (override != null) {
            return override.equals("none") ? Optional.empty() : Optional.of(Path.of(override));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "dot");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code dot -T<format> -o <output>} on {@code dotText}.
     *
     * @param format {@code svg} or {@code png}
     * @throws IOException when dot fails (its error output in the message) or does not finish in time
     */
    public static void render(Path dot, String dotText, String format, Path output) throws IOException {
        Path log = Files.createTempFile("netgrad-dot", ".log");
        try {
            Process process = new ProcessBuilder(dot.toString(), "-T" + format, "-o", output.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(dotText.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("dot did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("dot failed (exit " + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for dot", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
