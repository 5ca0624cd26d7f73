package netgrad.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A throw-away copy of the launcher in a temporary directory, with a fake jar (FakeNetgrad) instead of
 * netgrad's, a fake {@code mvn} when a test wants one, and a PATH that holds only the tools the launcher
 * uses (so that "no Maven" can be tested on a machine that has it). Maven itself never runs.
 */
final class LauncherProject {
    /** The tools the launcher and the fake mvn call; linked into the private PATH when found. */
    private static final List<String> TOOLS = List.of("bash", "env", "readlink", "dirname", "find", "mkdir",
            "flock", "tail", "fold", "sed", "grep", "rm", "cat", "sort", "mktemp", "wc", "tr", "touch", "mv", "head",
            "cp", "sleep", "seq");
    private static final long TIMEOUT_S = 120;

    final Path root;
    final Path bin;

    /** The project's launcher copied to {@code dir/project/netgrad}; a PATH of links in {@code dir/bin}. */
    LauncherProject(Path dir) throws IOException {
        root = Files.createDirectories(dir.resolve("project"));
        bin = Files.createDirectories(dir.resolve("bin"));
        Path launcher = root.resolve("netgrad");
        Files.copy(Path.of("netgrad"), launcher);
        executable(launcher);
        for (String tool : TOOLS) {
            Path found = onPath(tool);
            if (found != null) {
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
        }
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    Path jar() {
        return root.resolve("target/netgrad.jar");
    }

    /** A runnable jar of FakeNetgrad at {@code path}. */
    static void writeFakeJar(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeNetgrad.class.getName());
        String entry = FakeNetgrad.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(path);
             JarOutputStream jar = new JarOutputStream(file, manifest);
             InputStream bytes = FakeNetgrad.class.getResourceAsStream("FakeNetgrad.class")) {
            jar.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
    }

    /** A built project: sources older than a fresh fake jar, so the launcher builds nothing. */
    LauncherProject built() throws IOException {
        Path pom = Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.setLastModifiedTime(pom, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        writeFakeJar(jar());
        return this;
    }

    /** A fake mvn on the private PATH running {@code script} (bash); the real one is never reachable. */
    void fakeMaven(String script) throws IOException {
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\n" + script);
        executable(mvn);
    }

    /** The launcher (or a link to it) started with the private PATH, in {@code cwd}. */
    Process start(Path launcher, Path cwd, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("HOME", root.getParent().toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return Run.of(start(root.resolve("netgrad"), root, env, args));
    }

    /** A finished launcher: exit code and both streams. */
    record Run(int code, String out, String err) {
        static Run of(Process p) throws IOException, InterruptedException {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("launcher finished").isTrue();
            return new Run(p.exitValue(), out, err);
        }

        /** Every line the launcher printed (stderr; stdout is FakeNetgrad's) fits in 100 columns. */
        Run linesFit() {
            for (String line : err.split("\n")) {
                assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(100);
            }
            return this;
        }
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
