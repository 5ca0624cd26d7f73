package netgrad.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build step (./netgrad, bash) against a fake mvn: where it builds, what it says, its exit
 * codes, and one build at a time. The archive is switched off here (NETGRAD_CDS=0); see LauncherArchiveTest.
 */
class LauncherBuildTest {
    private static final Map<String, String> NO_ARCHIVE = Map.of("NETGRAD_CDS", "0");
    /** Exit code of the launcher when a tool the build needs (Java, Maven, the network) is missing. */
    private static final int UNAVAILABLE = 69;
    private static final int BUILD_FAILED = 70;

    @TempDir
    Path dir;
    LauncherProject project;

    @BeforeEach
    void copyTheLauncher() throws IOException {
        project = new LauncherProject(dir);
        LauncherProject.writeFakeJar(dir.resolve("fake.jar"));
    }

    /** A fake mvn that notes its working directory and "builds" the fake jar. */
    private void mavenThatBuilds() throws IOException {
        project.fakeMaven("echo \"$PWD $*\" >> " + dir.resolve("mvn-calls") + "\n"
                + "mkdir -p target && cp " + dir.resolve("fake.jar") + " target/netgrad.jar\n");
    }

    private String mavenCalls() throws IOException {
        Path calls = dir.resolve("mvn-calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    @Test
    void throughAChainOfSymlinksItBuildsAndRunsInTheProject() throws IOException, InterruptedException {
        mavenThatBuilds();
        Path links = Files.createDirectories(dir.resolve("home/bin"));
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(other.resolve("ng"), project.root.resolve("netgrad"));
        Files.createSymbolicLink(links.resolve("netgrad"), Path.of("../../elsewhere/ng"));
        Path cwd = Files.createDirectories(dir.resolve("work"));

        LauncherProject.Run r = LauncherProject.Run.of(
                project.start(links.resolve("netgrad"), cwd, NO_ARCHIVE, "verify", "x.net")).linesFit();

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("args: verify x.net\n");
        assertThat(mavenCalls()).startsWith(project.root.toRealPath() + " ").contains("package");
        assertThat(project.jar()).exists();
        try (var beside = Files.list(links)) {
            assertThat(beside).containsExactly(links.resolve("netgrad"));
        }
        assertThat(other.resolve("target")).doesNotExist();
        assertThat(cwd.resolve("target")).doesNotExist();
    }

    @Test
    void theFirstBuildSaysItDownloadsOnceThenIsQuiet() throws IOException, InterruptedException {
        mavenThatBuilds();
        LauncherProject.Run first = project.run(NO_ARCHIVE, "plan", "a.net").linesFit();
        assertThat(first.code()).isZero();
        assertThat(first.err()).contains("first build", "downloads the dependencies once", "about 50 MB")
                .doesNotContain("fail");
        assertThat(first.err().lines()).allMatch(line -> line.startsWith("netgrad: "));
        assertThat(project.root.resolve("target/build.log")).doesNotExist();

        LauncherProject.Run second = project.run(NO_ARCHIVE, "plan", "a.net");
        assertThat(second.err()).isEmpty();
        assertThat(mavenCalls().lines()).hasSize(1);
    }

    @Test
    void changedSourcesAreRebuilt() throws IOException, InterruptedException {
        mavenThatBuilds();
        project.built();
        assertThat(project.run(NO_ARCHIVE, "check").err()).isEmpty();
        Path source = Files.createDirectories(project.root.resolve("src")).resolve("A.java");
        Files.writeString(source, "class A {}\n");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(project.jar()).toMillis() + 2_000));

        LauncherProject.Run r = project.run(NO_ARCHIVE, "check").linesFit();
        assertThat(r.code()).isZero();
        assertThat(r.err()).startsWith("netgrad: sources changed: rebuilding");
        assertThat(mavenCalls().lines()).hasSize(1);
    }

    @Test
    void withoutMavenItSaysHowToInstallItAndExits69() throws IOException, InterruptedException {
        assertThat(project.bin.resolve("mvn")).doesNotExist();
        LauncherProject.Run r = project.run(NO_ARCHIVE, "verify", "x.net").linesFit();
        assertThat(r.code()).isEqualTo(UNAVAILABLE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Maven 3 is needed", "sudo apt-get install maven", "maven.apache.org")
                .doesNotContain("build failed");
        assertThat(project.root.resolve("target/build.log")).doesNotExist();
    }

    @Test
    void withoutJavaItSaysSoAndExits69() throws IOException, InterruptedException {
        project.built();
        Files.delete(project.bin.resolve("java"));
        LauncherProject.Run r = project.run(NO_ARCHIVE, "verify", "x.net").linesFit();
        assertThat(r.code()).isEqualTo(UNAVAILABLE);
        assertThat(r.err()).contains("Java 17 or newer is needed", "openjdk-17");
    }

    @Test
    void aFailedBuildShowsTheEndOfItsLogAndWhereTheLogIs() throws IOException, InterruptedException {
        project.fakeMaven("for i in $(seq 1 40); do echo \"log line $i\"; done\n"
                + "printf 'ERROR %0300d\\n' 0\nexit 1\n");
        LauncherProject.Run r = project.run(NO_ARCHIVE, "verify", "x.net").linesFit();
        Path log = project.root.toRealPath().resolve("target/build.log");
        assertThat(r.code()).isEqualTo(BUILD_FAILED);
        assertThat(r.err()).contains("build failed (mvn exit code 1)", "log line 40", "ERROR 000",
                "full log: " + log).doesNotContain("log line 20\n");
        assertThat(Files.readString(log)).contains("log line 1\n");
    }

    @Test
    void aFailedDownloadIsReportedAsTheNetworksNotABug() throws IOException, InterruptedException {
        project.fakeMaven("echo '[ERROR] Failed to execute goal: Could not resolve dependencies for project'\n"
                + "exit 1\n");
        LauncherProject.Run r = project.run(NO_ARCHIVE, "verify", "x.net").linesFit();
        assertThat(r.code()).isEqualTo(UNAVAILABLE);
        assertThat(r.err()).contains("could not download the dependencies: check the network");
    }

    /**
     * Two launchers at once: the second waits for the first's build (it says so), then finds the jar
     * fresh and does not build again; the fake mvn fails if two builds ever overlap.
     */
    @Test
    void aSecondLauncherWaitsForTheFirstBuildInsteadOfBuildingAlongside()
            throws IOException, InterruptedException {
        Path started = dir.resolve("started");
        Path release = dir.resolve("release");
        Path busy = dir.resolve("busy");
        project.fakeMaven("[ -e " + busy + " ] && { echo overlapping builds; exit 1; }\n"
                + "touch " + busy + " " + started + "\n"
                + "while [ ! -e " + release + " ]; do sleep 0.05; done\n"
                + "echo \"$PWD\" >> " + dir.resolve("mvn-calls") + "\n"
                + "mkdir -p target && cp " + dir.resolve("fake.jar") + " target/netgrad.jar\n"
                + "rm " + busy + "\n");
        Process first = project.start(project.root.resolve("netgrad"), project.root, NO_ARCHIVE, "check", "1");
        waitFor(started);
        Process second = project.start(project.root.resolve("netgrad"), project.root, NO_ARCHIVE, "check", "2");
        BufferedReader err = new BufferedReader(new InputStreamReader(second.getErrorStream(), StandardCharsets.UTF_8));
        assertThat(err.readLine()).isEqualTo("netgrad: waiting for the build another netgrad started...");
        Files.writeString(release, "");

        LauncherProject.Run a = LauncherProject.Run.of(first);
        String secondOut = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor()).isZero();
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).startsWith("args: check 1\n");
        assertThat(secondOut).startsWith("args: check 2\n");
        assertThat(err.readLine()).isNull();
        assertThat(mavenCalls().lines()).hasSize(1);
    }

    private static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 2400 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }
}
