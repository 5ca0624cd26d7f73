package netgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import netgrad.linalg.Matrix;

/**
 * A teacher runs netgrad on every student's .npz, so {@link Npz#read} treats the file as hostile: each bad
 * file below is refused with one line naming the file (and the entry), what is wrong and what to do, and
 * nothing is inflated, allocated or unpickled on the header's word alone. The numpy-*.npz / *.npy fixtures
 * were written by Debian's /usr/bin/python3 with NumPy 1.24 (see each test).
 */
class NpzHostileInputTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzHostileInputTest.class.getResource("/netgrad/io/" + name).toURI());
    }

    /** A version-1.0 .npy with header dict {@code dict} (padded as NumPy pads) followed by {@code data}. */
    static byte[] npy(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npz.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    private Path file(byte[] bytes) throws IOException {
        Path file = dir.resolve("answer.npz");
        Files.write(file, bytes);
        return file;
    }

    private Path zipOf(ZipBytes.Entry... entries) throws IOException {
        return file(ZipBytes.zip(List.of(entries)));
    }

    /** Refused with a one-line NpzFormatException whose message starts with the file name. */
    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Path file) {
        return assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpzFormatException.class)
                .hasMessageStartingWith(file.toString() + ": ")
                .hasMessageNotContaining("\n");
    }

    // --- zip bombs: stop at the header's byte count + 1 ---

    /**
     * 4 GiB of zeros from 4 MiB: a deflated 1 MiB block of zeros (with no reference outside itself) repeated
     * 4096 times after a (2, 2) float64 .npy, and the zip directory lying that the entry is 160 bytes.
     */
    private static byte[] bombStream(byte[] npy, int mebibytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(flushed(npy));
        byte[] zeros = flushed(new byte[1 << 20]);
        for (int i = 0; i < mebibytes; i++) {
            out.writeBytes(zeros);
        }
        out.writeBytes(new byte[] {3, 0}); // a final, empty fixed-Huffman block
        return out.toByteArray();
    }

    private static byte[] flushed(byte[] content) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(content);
        byte[] buf = new byte[content.length + 1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    @Test
    void aZipBombIsStoppedOneBytePastTheShapesData() throws IOException {
        byte[] npy = Npz.npy(new Matrix(2, 2));
        byte[] body = bombStream(npy, 4096);
        Path file = zipOf(new ZipBytes.Entry("W1.npy", 8, body, npy.length, ZipBytes.crc(npy)));
        assertThat(Files.size(file)).isLessThan(5L << 20);

        refused(file).hasMessage(file + ": entry W1.npy: data goes on past the 32 bytes its shape (2, 2) needs"
                + " (a zip bomb or trailing bytes); save the arrays again with np.savez");
    }

    @Test
    void theReaderInflatesNoMoreThanTheHeadersByteCountPlusOne() throws IOException {
        byte[] npy = Npz.npy(new Matrix(2, 2));
        long[] inflated = {0};
        InputStream bomb = new InflaterInputStream(new ByteArrayInputStream(bombStream(npy, 64)), new Inflater(true)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                inflated[0] += Math.max(n, 0);
                return n;
            }
        };
        ZipEntry entry = new ZipEntry("W1.npy");
        assertThatThrownBy(() -> NpyEntry.read(bomb, entry, Npz.MAX_ELEMENTS, "f: entry W1.npy"))
                .hasMessageContaining("data goes on past the 32 bytes");
        assertThat(inflated[0]).isEqualTo(npy.length + 1);
    }

    @Test
    void anEntryWhoseZipSizeIsLargerThanItsShapeNeedsIsRefusedBeforeInflating() throws IOException {
        byte[] npy = Npz.npy(new Matrix(2, 2));
        byte[] content = Arrays.copyOf(npy, npy.length + (1 << 20));
        Path file = zipOf(ZipBytes.Entry.deflated("W1.npy", content));
        refused(file).hasMessage(file + ": entry W1.npy: trailing bytes: shape (2, 2) needs 32 bytes of data, found "
                + (32 + (1 << 20)) + "; save the arrays again with np.savez");
    }

    @Test
    void aShapeItsCompressedBytesCannotHoldIsRefusedBeforeAllocating() throws IOException {
        byte[] npy = npy(dict("<f8", "(10000, 10000)"), new byte[64]);
        int headerBytes = npy.length - 64;
        Path file = zipOf(ZipBytes.Entry.deflated("W1.npy", npy).declaring(headerBytes + 800_000_000L));
        refused(file).hasMessageContaining("entry W1.npy: shape (10000, 10000) needs 800000000 bytes, more than its")
                .hasMessageEndingWith("compressed bytes can hold; the header is wrong or the file cut; save the arrays "
                        + "again with np.savez");
    }

    // --- shape against data length ---

    @Test
    void aShapeLongerThanTheDataIsTruncatedAndShorterIsTrailingBytes() throws IOException {
        Path shortData = zipOf(ZipBytes.Entry.stored("W1.npy", npy(dict("<f8", "(2, 3)"), new byte[40])));
        refused(shortData).hasMessage(shortData + ": entry W1.npy: truncated: shape (2, 3) needs 48 bytes of data,"
                + " found 40; save the arrays again with np.savez");
        Path longData = zipOf(ZipBytes.Entry.stored("W1.npy", npy(dict("<f8", "(2, 3)"), new byte[56])));
        refused(longData).hasMessageContaining("entry W1.npy: trailing bytes: shape (2, 3) needs 48 bytes of data, found 56");
    }

    @Test
    void aStreamShorterThanItsZipSizeIsTruncated() throws IOException {
        byte[] npy = npy(dict("<f8", "(2, 3)"), new byte[40]);
        Path file = zipOf(ZipBytes.Entry.stored("W1.npy", npy).declaring(npy.length + 8));
        refused(file).hasMessageContaining("entry W1.npy: ");
    }

    // --- absurd shapes ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(99999999999999999999, 1)|a shape dimension of 20 digits is absurd",
        "(4294967296, 4294967296)|shape (4294967296, 4294967296) overflows a 64-bit count of values",
        "(100000001,)|shape (100000001,) has 100000001 values; netgrad reads at most 100000000 from one file",
        "(0, 1000000000000)|shape (0, 1000000000000) has 0 values; netgrad reads at most 100000000",
        "(-1, 2)|a negative dimension in the shape",
        "(2.5, 2)|a shape dimension is not a whole number",
        "('a',)|a shape dimension is not a whole number",
        "(1, 2, 2)|shape (1, 2, 2) is 3-D; only 0-D, 1-D and 2-D arrays are read (reshape it to 2-D)",
        "[2, 2]|expected '(' at character"})
    void absurdShapesAreRefused(String shape, String message) throws IOException {
        Path file = zipOf(ZipBytes.Entry.stored("W1.npy", npy(dict("<f8", shape), new byte[32])));
        refused(file).hasMessageContaining(file + ": entry W1.npy: ").hasMessageContaining(message);
    }

    @Test
    void theCapCountsTheValuesOfTheEarlierEntries() {
        // Npz.read passes each entry the values the file may still hold (MAX_ELEMENTS minus those read)
        InputStream in = new ByteArrayInputStream(npy(dict("<f8", "(6,)"), new byte[48]));
        assertThatThrownBy(() -> NpyEntry.read(in, new ZipEntry("b.npy"), 5, "f: entry b.npy"))
                .hasMessage("f: entry b.npy: shape (6,) has 6 values; netgrad reads at most 100000000 from one file");
    }

    // --- pickles: never unpickled ---

    @Test
    void aPickledDictSavedWithNpSaveGetsTheOneLineFix() throws Exception {
        // np.save('numpy-pickled-dict.npy', {'W1': np.zeros((2, 2)), 'b1': np.zeros(2)}, allow_pickle=True)
        Path file = resource("numpy-pickled-dict.npy");
        refused(file).hasMessage(file + ": a pickled .npy (np.save of a dict?), not a .npz; netgrad never unpickles:"
                + " save with np.savez('answer.npz', **d)");
    }

    @Test
    void aBareNpyArrayIsNotAnNpz() throws Exception {
        Path file = resource("numpy-bare-array.npy"); // np.save('numpy-bare-array.npy', np.arange(4.0).reshape(2, 2))
        refused(file).hasMessage(file + ": a single .npy array, not a .npz; save it with np.savez('answer.npz', NAME=a)");
    }

    @Test
    void anObjectArrayIsAPickleAndRefused() throws Exception {
        // np.savez('numpy-object-array.npz', W1=np.array([np.zeros(2), np.zeros(3)], dtype=object))
        Path file = resource("numpy-object-array.npz");
        refused(file).hasMessage(file + ": entry W1.npy: dtype object ('|O') is a pickle, which netgrad never"
                + " unpickles; save numbers: np.asarray(a, dtype=float)");
    }

    @Test
    void aPythonPickleIsRefused() throws Exception {
        Path file = resource("python-pickle.npz"); // pickle.dump({'W1': [[1.0]]}, f)
        refused(file).hasMessage(file + ": a Python pickle, not a .npz (netgrad never unpickles); save the arrays"
                + " with np.savez('answer.npz', **d)");
    }

    // --- entry names ---

    @ParameterizedTest
    @ValueSource(strings = {"../x.npy", "/abs.npy", "a/b.npy", "a\\b.npy", "x\0.npy", "C:x.npy", ".npy", "...npy",
        "dir/", "\u001b[2Jx.npy"})
    void pathLikeOrUnprintableEntryNamesAreRefused(String name) throws IOException {
        Path file = zipOf(ZipBytes.Entry.stored(name, Npz.npy(new Matrix(1, 1))));
        refused(file).hasMessageContaining("is a path or not printable; save arrays under plain names")
                .hasMessageNotContaining("\u001b").hasMessageNotContaining("\0");
    }

    @Test
    void duplicateEntryNamesAreRefused() throws IOException {
        byte[] npy = Npz.npy(new Matrix(1, 1));
        Path file = zipOf(ZipBytes.Entry.stored("W1.npy", npy), ZipBytes.Entry.stored("W1.npy", npy));
        refused(file).hasMessage(file + ": entry W1.npy appears twice; save each array once");
        Path stripped = zipOf(ZipBytes.Entry.stored("W1", npy), ZipBytes.Entry.stored("W1.npy", npy));
        refused(stripped).hasMessage(stripped + ": entry W1.npy appears twice; save each array once");
    }

    @Test
    void tooManyEntriesAndTooLongNamesAreRefused() throws IOException {
        byte[] npy = Npz.npy(new Matrix(1, 1));
        List<ZipBytes.Entry> entries = new ArrayList<>();
        for (int i = 0; i <= Npz.MAX_ENTRIES; i++) {
            entries.add(ZipBytes.Entry.stored("a" + i + ".npy", npy));
        }
        Path many = file(ZipBytes.zip(entries));
        refused(many).hasMessage(many + ": 4097 entries, more than the 4096 netgrad reads; save only the arrays it needs");
        Path longName = zipOf(ZipBytes.Entry.stored("w".repeat(101) + ".npy", npy));
        refused(longName).hasMessageContaining("is longer than 100 characters").hasMessageContaining("w…'");
    }

    // --- not a zip, truncated or corrupt zips ---

    @Test
    void anEmptyFileADirectoryAndNonZipsAreRefused() throws IOException {
        Path empty = file(new byte[0]);
        refused(empty).hasMessage(empty + ": an empty file, not a .npz; save the arrays with np.savez");
        Path directory = Files.createDirectory(dir.resolve("answers.npz"));
        refused(directory).hasMessage(directory + ": a directory, not a .npz file; give the .npz file inside it");
        Path text = file("W1 = [[1, 2]]\n".getBytes(StandardCharsets.US_ASCII));
        refused(text).hasMessage(text + ": not a .npz file (not a zip archive); save the arrays with np.savez");
        assertThatThrownBy(() -> Npz.read(dir.resolve("missing.npz"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aNumpyFileCutAtAnyByteIsRefusedWithOneLine() throws Exception {
        for (String fixture : new String[] {"numpy-savez.npz", "numpy-savez-compressed.npz"}) {
            byte[] whole = Files.readAllBytes(resource(fixture));
            for (int cut = 0; cut < whole.length; cut++) {
                Path file = file(Arrays.copyOf(whole, cut));
                refused(file);
            }
        }
    }

    @Test
    void aDamagedEntryFailsItsCrc() throws Exception {
        byte[] npy = Npz.npy(Matrix.column(1, 2));
        byte[] flipped = npy.clone();
        flipped[flipped.length - 1] ^= 1;
        Path file = zipOf(new ZipBytes.Entry("b1.npy", 0, flipped, npy.length, ZipBytes.crc(npy)));
        refused(file).hasMessage(file + ": entry b1.npy: damaged (its CRC-32 does not match the zip's); save the arrays"
                + " again with np.savez");
    }

    // --- headers ---

    @Test
    void anOverLongHeaderIsRefusedBeforeItIsRead() throws IOException {
        String padded = dict("<f8", "(1, 1)") + " ".repeat(Npz.MAX_HEADER_BYTES);
        Path file = zipOf(ZipBytes.Entry.stored("W1.npy", npy(padded, new byte[8])));
        refused(file).hasMessageContaining("entry W1.npy: a .npy header of ")
                .hasMessageContaining(" bytes, longer than the 10000 netgrad reads");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'descr': '<f8', 'fortran_order': False}|the header lacks 'shape'",
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}|'descr' appears twice",
        "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}|'fortran_order' is not True or False",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}|unexpected key 'x'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} __import__('os')|text after the closing '}'",
        "{'descr': '<f8\\', 'fortran_order': False, 'shape': (1,)}|unterminated or escaped string"})
    void malformedHeadersAreRefusedAndNeverEvaluated(String header, String message) throws IOException {
        Path file = zipOf(ZipBytes.Entry.stored("W1.npy", npy(header, new byte[8])));
        refused(file).hasMessageContaining("entry W1.npy: bad .npy header: " + message);
    }

    // --- dtypes ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // np.savez('numpy-strings.npz', names=np.array(['a', 'bcdef']))
        "numpy-strings.npz|entry names.npy: dtype '<U5' is not float64, float32, int64 or int32 (it is unicode text)",
        // np.savez('numpy-bool.npz', mask=np.array([True, False]))
        "numpy-bool.npz|entry mask.npy: dtype '|b1' is not float64, float32, int64 or int32 (it is bool)",
        // np.savez('numpy-complex.npz', z=np.array([1+2j]))
        "numpy-complex.npz|entry z.npy: dtype '<c16' is not float64, float32, int64 or int32 (it is complex)",
        // np.savez('numpy-structured.npz', rec=np.zeros(2, dtype=[('a', '<f8'), ('b', '<i4')]))
        "numpy-structured.npz|entry rec.npy: bad .npy header: a structured dtype (a list of fields) is not read"})
    void nonNumericDtypesAreNamedWithWhatIsAccepted(String fixture, String message) throws Exception {
        Path file = resource(fixture);
        refused(file).hasMessageContaining(file + ": " + message);
    }

    @Test
    void aSavezCompressedArrayOfZerosIsReadNotMistakenForABomb() throws Exception {
        // np.savez_compressed('numpy-savez-compressed-zeros.npz', W1=np.zeros((300, 200)), b1=np.ones(300)):
        // 480 kB of values from under 1 kB, a ratio near deflate's 1032:1 limit
        var arrays = Npz.read(resource("numpy-savez-compressed-zeros.npz"));
        assertThat(arrays.get("W1").shape()).isEqualTo("(300x200)");
        assertThat(arrays.get("W1").data).containsOnly(0.0);
        assertThat(arrays.get("b1").data).hasSize(300).containsOnly(1.0);
    }
}
