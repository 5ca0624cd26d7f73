package netgrad.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive, with the real JVM and a fake jar: made once per jar, used
 * by the short commands only, and never able to break a command (truncated, garbage, stale, unmakeable).
 */
class LauncherArchiveTest {
    private static final Map<String, String> DEFAULT = Map.of();

    @TempDir
    Path dir;

    private static String archiveOption(LauncherProject project) throws IOException {
        return "-XX:SharedArchiveFile=" + project.root.toRealPath().resolve("target/cds/netgrad.jsa");
    }

    @Test
    void theArchiveIsMadeOnceAndUsedByShortCommandsOnly() throws IOException, InterruptedException {
        LauncherProject project = new LauncherProject(dir).built();
        LauncherProject.Run first = project.run(DEFAULT, "verify", "x.net").linesFit();
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).isEqualTo("netgrad: making a start-up archive for this build (once, a few seconds)...\n");
        Path jsa = project.root.resolve("target/cds/netgrad.jsa");
        assertThat(jsa).exists();
        assertThat(Files.readString(project.root.resolve("target/cds/netgrad.jsa.ok"))).isEqualTo(
                Files.size(jsa) + "\n" + project.jar().toRealPath() + "\n" + project.bin.resolve("java").toRealPath() + "\n");

        LauncherProject.Run again = project.run(DEFAULT, "verify", "x.net");
        assertThat(again.err()).isEmpty();
        assertThat(again.out()).contains("args: verify x.net\n").contains(archiveOption(project), "-Xshare:auto");

        LauncherProject.Run off = project.run(Map.of("NETGRAD_CDS", "0"), "verify", "x.net");
        assertThat(off.out()).doesNotContain("SharedArchiveFile");

        LauncherProject.Run train = project.run(DEFAULT, "train", "x.net");
        assertThat(train.code()).isZero();
        assertThat(train.out()).contains("--add-modules=jdk.incubator.vector").doesNotContain("SharedArchiveFile");
    }

    @Test
    void aCorruptArchiveNeverBreaksACommand() throws IOException, InterruptedException {
        LauncherProject project = new LauncherProject(dir).built();
        assertThat(project.run(DEFAULT, "plan").code()).isZero();
        Path jsa = project.root.resolve("target/cds/netgrad.jsa");
        byte[] good = Files.readAllBytes(jsa);
        jsa.toFile().setWritable(true);

        // Truncated (its header intact): the JVM would crash before main, so the launcher must not pass
        // it on; it makes the archive again instead.
        Files.write(jsa, Arrays.copyOf(good, good.length / 2));
        LauncherProject.Run truncated = project.run(DEFAULT, "plan", "x.net");
        assertThat(truncated.code()).as(truncated.err()).isZero();
        assertThat(truncated.out()).startsWith("args: plan x.net\n");
        assertThat(truncated.err()).contains("making a start-up archive");
        assertThat(Files.size(jsa)).isEqualTo(good.length);
        jsa.toFile().setWritable(true);

        // Garbage of the right size: passed on, and the JVM refuses it quietly.
        byte[] garbage = new byte[good.length];
        new Random(1).nextBytes(garbage);
        Files.write(jsa, garbage);
        LauncherProject.Run random = project.run(DEFAULT, "plan", "x.net");
        assertThat(random.code()).as(random.err()).isZero();
        assertThat(random.out()).startsWith("args: plan x.net\n").contains(archiveOption(project));
        assertThat(random.err()).isEmpty();
        try (var files = Files.list(project.root)) {
            assertThat(files).noneMatch(f -> f.getFileName().toString().startsWith("hs_err"));
        }
    }

    @Test
    void aRebuiltJarOrAnotherJavaGetsANewArchive() throws IOException, InterruptedException {
        LauncherProject project = new LauncherProject(dir).built();
        assertThat(project.run(DEFAULT, "plan").code()).isZero();
        Path ok = project.root.resolve("target/cds/netgrad.jsa.ok");
        String record = Files.readString(ok);
        // the jar rebuilt: written again, after the archive (its time set back, for coarse file clocks)
        Path jsa = project.root.resolve("target/cds/netgrad.jsa");
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        LauncherProject.writeFakeJar(project.jar());

        LauncherProject.Run r = project.run(DEFAULT, "plan");
        assertThat(r.err()).contains("making a start-up archive");
        assertThat(r.out()).contains(archiveOption(project));
        assertThat(Files.readString(ok)).endsWith(record.substring(record.indexOf('\n')));

        // made by another java (the JVM would refuse it, quietly, and start slower)
        String[] lines = record.split("\n");
        Files.writeString(ok, lines[0] + "\n" + lines[1] + "\n/opt/other-jdk/bin/java\n");
        LauncherProject.Run otherJava = project.run(DEFAULT, "plan");
        assertThat(otherJava.err()).contains("making a start-up archive");
        assertThat(Files.readString(ok)).endsWith(record.substring(record.indexOf('\n')));
    }

    @Test
    void anArchiveThatCannotBeMadeIsTriedOnlyOnce() throws IOException, InterruptedException {
        LauncherProject project = new LauncherProject(dir).built();
        // Not a jar the JVM can read classes from: the dump fails (and java says so for the command).
        Files.writeString(project.jar(), "not a jar\n");
        Path failed = project.root.resolve("target/cds/netgrad.jsa.failed");

        LauncherProject.Run first = project.run(DEFAULT, "plan").linesFit();
        assertThat(first.err()).contains("could not make the start-up archive");
        assertThat(failed).exists();
        assertThat(project.root.resolve("target/cds/netgrad.jsa")).doesNotExist();

        LauncherProject.Run second = project.run(DEFAULT, "plan");
        assertThat(second.err()).doesNotContain("archive").contains("netgrad.jar");
    }
}
