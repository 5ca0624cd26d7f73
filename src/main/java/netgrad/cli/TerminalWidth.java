package netgrad.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import netgrad.train.ConsoleProgress;

/**
 * The width of the terminal train's progress bar draws on: $COLUMNS when set (shells set but seldom export
 * it), else {@code stty size} read from /dev/tty, else {@link ConsoleProgress#DEFAULT_COLUMNS}.
 */
final class TerminalWidth {
    private TerminalWidth() {}

    static int columns() {
        Integer fromEnvironment = parse(System.getenv("COLUMNS"));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Integer fromStty = stty();
        return fromStty != null ? fromStty : ConsoleProgress.DEFAULT_COLUMNS;
    }

    /** "ROWS COLUMNS" from {@code stty size < /dev/tty}, or null when there is no terminal or no stty. */
    private static Integer stty() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            String[] words = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return p.exitValue() == 0 && words.length == 2 ? parse(words[1]) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Integer parse(String text) {
        if (text == null || !text.trim().matches("[0-9]{1,4}")) {
            return null;
        }
        int n = Integer.parseInt(text.trim());
        return n >= 20 ? n : null;
    }
}
