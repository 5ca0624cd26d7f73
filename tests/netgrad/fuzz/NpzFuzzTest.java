package netgrad.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.io.Npz;
import netgrad.io.NpzFormatException;
import netgrad.io.ZipBytes;
import netgrad.linalg.Matrix;

/**
 * Seeded mutation fuzzing of {@link Npz#read}: a fixed number of mutants of NumPy- and netgrad-written
 * files must each be read or refused with a one-line {@link NpzFormatException}, never another exception,
 * a hang, or an allocation out of proportion to the file (measured per read with the JVM's per-thread
 * allocation counter). Two streams: the whole file mutated (mostly caught by the zip layer and the CRC),
 * and each .npy entry mutated then zipped honestly (stored or deflated, sometimes with a lying size), so
 * the mutations reach the .npy header and data parser.
 *
 * <p>What it found, run once against deliberately weakened copies of NpyEntry (not kept): with the shape
 * taken on trust (int product, no values cap, no check against the zip's sizes) case 5 of the second
 * stream allocated 480 MB for a 700-byte file, shape (1, 60000000) (the allocation check failed). Against
 * the reader as first written it found an EOFException escaping {@code new ZipFile} on a cut zip64 record
 * (now refused as a damaged zip) and a dtype message echoing raw header bytes (now printable). Dropping
 * only the one-byte-past check is invisible to it (trailing data is no crash): the bomb unit tests in
 * NpzHostileInputTest catch that.
 */
class NpzFuzzTest {
    private static final long SEED = 20261201L;
    private static final int CASES_PER_STREAM = 400;
    /** Allocation allowed for one read: fixed overhead plus what deflate's 1032:1 could expand the file to, as doubles. */
    private static final long FIXED_ALLOCATION = 16L << 20;
    private static final long ALLOCATION_PER_FILE_BYTE = 2 * 1032 * 8;
    private static final String[] NAMES = {"W1.npy", "b1.npy", "x.npy", "../W1.npy", "W1", "a/b.npy", "\0.npy", ".npy"};

    @TempDir
    Path dir;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static List<byte[]> seedFiles() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : new String[] {"numpy-savez.npz", "numpy-savez-compressed.npz", "numpy-int.npz",
            "numpy-object-array.npz"}) {
            try (var in = NpzFuzzTest.class.getResourceAsStream("/netgrad/io/" + name)) {
                seeds.add(in.readAllBytes());
            }
        }
        return seeds;
    }

    /** Every .npy entry of the seed files, plus netgrad's own. */
    private List<byte[]> seedEntries(List<byte[]> files) throws IOException {
        List<byte[]> entries = new ArrayList<>();
        Path own = dir.resolve("own.npz");
        Map<String, Matrix> arrays = new java.util.LinkedHashMap<>(); // Map.of's order changes run to run
        arrays.put("W1", Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        arrays.put("b1", Matrix.column(7, 8));
        Npz.write(own, arrays);
        List<byte[]> all = new ArrayList<>(files);
        all.add(Files.readAllBytes(own));
        for (byte[] file : all) {
            Path p = dir.resolve("seed.npz");
            Files.write(p, file);
            try (ZipFile zip = new ZipFile(p.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    entries.add(zip.getInputStream(e).readAllBytes());
                }
            }
        }
        return entries;
    }

    @Test
    void mutatedFilesAreReadOrRefusedWithOneLine() throws IOException {
        ByteMutator files = new ByteMutator(SEED, seedFiles());
        Path file = dir.resolve("mutant.npz");
        int[] refused = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int c = 0; c < CASES_PER_STREAM; c++) {
                refused[0] += readOrRefuse(file, files.next(), c) ? 0 : 1;
            }
        }, "a hang: the cases did not finish");
        // most whole-file mutants die in the zip layer; some (a flipped value byte) fail the CRC, some survive
        assertThat(refused[0]).isBetween(CASES_PER_STREAM / 2, CASES_PER_STREAM - 1);
    }

    @Test
    void mutatedEntriesZippedHonestlyAreReadOrRefusedWithOneLine() throws IOException {
        ByteMutator entries = new ByteMutator(SEED + 1, seedEntries(seedFiles()));
        Path file = dir.resolve("mutant.npz");
        int[] read = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int c = 0; c < CASES_PER_STREAM; c++) {
                List<ZipBytes.Entry> zip = new ArrayList<>();
                int n = 1 + entries.random().nextInt(3);
                int mutated = entries.random().nextInt(n);
                for (int k = 0; k < n; k++) {
                    byte[] npy = k != mutated ? entries.pick() : switch (entries.random().nextInt(3)) {
                        case 0 -> reshaped(entries.pick(), entries.random());
                        case 1 -> spliced(entries.pick(), entries.pick());
                        default -> entries.edit(entries.pick());
                    };
                    String name = entries.random().nextInt(10) == 0 ? NAMES[entries.random().nextInt(NAMES.length)]
                            : "a" + k + ".npy";
                    ZipBytes.Entry e = entries.random().nextBoolean() ? ZipBytes.Entry.stored(name, npy)
                            : ZipBytes.Entry.deflated(name, npy);
                    zip.add(entries.random().nextInt(8) == 0 ? e.declaring(entries.random().nextInt(1 << 16)) : e);
                }
                read[0] += readOrRefuse(file, ZipBytes.zip(zip), c) ? 1 : 0;
            }
        }, "a hang: the cases did not finish");
        // the parser must be reached: a fair share of mutants (a changed value, a harmless header edit) still read
        assertThat(read[0]).isBetween(CASES_PER_STREAM / 20, CASES_PER_STREAM - CASES_PER_STREAM / 5);
    }

    private static final String[] DIMENSIONS = {"0", "1", "2", "3", "7", "100000001", "60000000", "4294967296",
        "9223372036854775807", "9223372036854775808", "-1", "3L", "1e3", "0x10", ""};

    /** The .npy with its shape tuple replaced by 0–3 dimensions drawn from {@link #DIMENSIONS}, header re-padded. */
    private static byte[] reshaped(byte[] npy, java.util.Random random) {
        String[] parts = headerAndData(npy);
        if (parts == null) {
            return npy;
        }
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            tuple.append(DIMENSIONS[random.nextInt(DIMENSIONS.length)]).append(n == 1 || i < n - 1 ? ", " : "");
        }
        String dict = parts[0].replaceFirst("'shape': \\([^)]*\\)", java.util.regex.Matcher.quoteReplacement("'shape': " + tuple + ")"));
        return withHeader(dict, parts[1]);
    }

    /** The header of one .npy with the data of another: shapes and dtypes that disagree with their data. */
    private static byte[] spliced(byte[] headerFrom, byte[] dataFrom) {
        String[] h = headerAndData(headerFrom);
        String[] d = headerAndData(dataFrom);
        return h == null || d == null ? headerFrom : withHeader(h[0], d[1]);
    }

    /** {dict, data} of a version-1.0 .npy, both as ISO-8859-1 text; null for anything else. */
    private static String[] headerAndData(byte[] npy) {
        if (npy.length < 10 || npy[6] != 1) {
            return null;
        }
        int length = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        if (10 + length > npy.length) {
            return null;
        }
        String text = new String(npy, java.nio.charset.StandardCharsets.ISO_8859_1);
        return new String[] {text.substring(10, 10 + length).stripTrailing(), text.substring(10 + length)};
    }

    private static byte[] withHeader(String dict, String data) {
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        String all = "\u0093NUMPY\u0001\u0000" + (char) (header.length() & 0xff) + (char) (header.length() >> 8) + header + data;
        return all.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** True when read, false when refused properly; fails the test on anything else. */
    private static boolean readOrRefuse(Path file, byte[] bytes, int c) throws IOException {
        Files.write(file, bytes);
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        try {
            Map<String, Matrix> arrays = Npz.read(file);
            assertThat(arrays).isNotNull();
            return true;
        } catch (NpzFormatException e) {
            String message = e.getMessage();
            assertThat(message).as("case %d", c).startsWith(file + ": ").doesNotContain("Exception")
                    .doesNotContainPattern("[\\x00-\\x1f\\x7f]");
            assertThat(message.length() - file.toString().length()).as("case %d: %s", c, message).isLessThan(200);
            return false;
        } catch (Throwable t) {
            return fail("case %d: %s escaped the reader at %s", c, t, java.util.Arrays.toString(Arrays.copyOf(t.getStackTrace(), 4)));
        } finally {
            long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
            assertThat(allocated).as("case %d: bytes allocated to read a %d-byte file", c, bytes.length)
                    .isLessThan(FIXED_ALLOCATION + ALLOCATION_PER_FILE_BYTE * bytes.length);
        }
    }
}
