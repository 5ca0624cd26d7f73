package netgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rule for a file a command writes (verify --dump, explain -o, graph -o): its directory must exist.
 * netgrad never creates one for it, so a typo in a path is reported instead of making a tree; a write that
 * fails later (permissions, a full disk) exits {@link ExitCodes#FAILED} in every command.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Why {@code flag FILE} cannot be written, or null when its directory exists. */
    static String problem(String flag, Path file) {
        if (file == null) {
            return null;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            return flag + " " + file + ": " + dir + (Files.exists(dir) ? " is not a directory"
                    : ": no such directory (netgrad does not create it)");
        }
        if (Files.isDirectory(file)) {
            return flag + " " + file + ": it is a directory; give a file name";
        }
        return null;
    }
}
