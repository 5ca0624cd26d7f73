package netgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesTheOldFileWholeAndNoTemporaryFileBehind() throws IOException {
        Path target = dir.resolve("weights.npz");
        AtomicFiles.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(target);
        }
    }

    @Test
    void newFilesAreReadableByOthersAndReplacedFilesKeepTheirPermissions() throws IOException {
        Path fresh = dir.resolve("curves.csv");
        AtomicFiles.writeString(fresh, "epoch,loss\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");

        Path kept = dir.resolve("notes.txt");
        Files.writeString(kept, "v1");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(kept, "v2");
        assertThat(Files.readString(kept)).isEqualTo("v2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-rw----");
    }

    @Test
    void aMissingDirectoryIsAnErrorNotCreated() {
        Path file = dir.resolve("missing/sub/x.txt");
        assertThatThrownBy(() -> AtomicFiles.writeString(file, "x"))
                .isInstanceOf(IOException.class)
                .hasMessage("no such directory: " + file.getParent());
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void aTargetThatCannotBeWrittenGetsAReasonWithoutTheTemporaryFilesName() throws IOException {
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "a file, not a directory");
        assertThatThrownBy(() -> AtomicFiles.writeString(file.resolve("x.dot"), "digraph {}"))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot create a file in " + file + ": not a directory");
        assertThatThrownBy(() -> AtomicFiles.writeString(dir, "digraph {}"))
                .isInstanceOf(IOException.class)
                .hasMessage("it is a directory");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("plain.txt");
        }
    }
}
