package netgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.linalg.Matrix;

class NpzTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzTest.class.getResource("/netgrad/io/" + name).toURI());
    }

    @Test
    void roundTripKeepsEveryValueBitForBitAndTheEntryOrder() throws IOException {
        Map<String, Matrix> arrays = new LinkedHashMap<>();
        arrays.put("W2", Matrix.of(new double[][]{{Math.PI, -0.0, Double.MIN_VALUE}, {1e308, -1e-308, 42}}));
        arrays.put("b2", Matrix.column(0.1, 0.2));
        arrays.put("W1", new Matrix(0, 3));
        Path file = dir.resolve("w.npz");

        Npz.write(file, arrays);
        Map<String, Matrix> back = Npz.read(file);

        assertThat(back.keySet()).containsExactly("W2", "b2", "W1");
        for (String name : arrays.keySet()) {
            assertThat(back.get(name).shape()).isEqualTo(arrays.get(name).shape());
            assertThat(back.get(name).data).isEqualTo(arrays.get(name).data);
        }
    }

    @Test
    void entryHeaderIsNumpysVersion1DictPaddedTo64Bytes() {
        byte[] npy = Npz.npy(new Matrix(3, 4));
        int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        String header = new String(npy, 10, headerLength, java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat((10 + headerLength) % 64).isZero();
        assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }").endsWith("\n");
        assertThat(npy.length).isEqualTo(10 + headerLength + 8 * 12);
    }

    @Test
    void readsAFileWrittenByNumpySavez() throws Exception {
        // made by tests/netgrad/io: np.savez(W1=arange(12).reshape(3,4)/8-0.5, b1=[0.25,-1.5,3] (1-D),
        // W2=asfortranarray([[1,2,3],[4,5,6]]), f32=float32 [[0.5,-0.25],[1e-3,7]], big='>f8' [[1.5,-2]])
        Map<String, Matrix> arrays = Npz.read(resource("numpy-savez.npz"));

        assertThat(arrays.keySet()).containsExactly("W1", "b1", "W2", "f32", "big");
        Matrix w1 = arrays.get("W1");
        assertThat(w1.shape()).isEqualTo("(3x4)");
        assertThat(w1.get(0, 0)).isEqualTo(-0.5);
        assertThat(w1.get(1, 2)).isEqualTo(6 / 8.0 - 0.5);
        assertThat(w1.get(2, 3)).isEqualTo(11 / 8.0 - 0.5);
        assertThat(arrays.get("b1").shape()).isEqualTo("(3x1)");
        assertThat(arrays.get("b1").data).containsExactly(0.25, -1.5, 3.0);
        assertThat(arrays.get("W2").toArray()).isEqualTo(new double[][]{{1, 2, 3}, {4, 5, 6}});
        assertThat(arrays.get("f32").data).containsExactly(0.5, -0.25, (double) 1e-3f, 7.0);
        assertThat(arrays.get("big").data).containsExactly(1.5, -2.0);
    }

    @Test
    void readsAFileWrittenByNumpySavezCompressed() throws Exception {
        Map<String, Matrix> arrays = Npz.read(resource("numpy-savez-compressed.npz"));

        assertThat(arrays.keySet()).containsExactly("W1", "b1");
        assertThat(arrays.get("W1").get(2, 3)).isEqualTo(11 / 8.0 - 0.5);
        assertThat(arrays.get("b1").data).containsExactly(0.25, -1.5, 3.0);
    }

    @Test
    void integerArraysAreReadAsDoubles() throws Exception {
        // numpy-int.npz: np.savez(counts=np.array([1, 2, 3])), dtype int64
        Matrix counts = Npz.read(resource("numpy-int.npz")).get("counts");
        assertThat(counts.shape()).isEqualTo("(3x1)");
        assertThat(counts.data).containsExactly(1, 2, 3);
    }

    @Test
    void aZeroDimensionalIntegerIsAOneByOneMatrix() throws IOException {
        byte[] npy = Npz.npy(Matrix.of(new double[][] {{0}}));
        String header = new String(npy, java.nio.charset.StandardCharsets.ISO_8859_1).replace("(1, 1)", "()    ")
                .replace("'<f8'", "'<i4'");
        byte[] bytes = java.util.Arrays.copyOf(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), npy.length - 4);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(7);
        Path file = zipWith("y.npy", bytes);
        Matrix y = Npz.read(file).get("y");
        assertThat(y.shape()).isEqualTo("(1x1)");
        assertThat(y.data).containsExactly(7);
    }

    @Test
    void otherDtypesAreRefusedNamingFileAndEntry() throws IOException {
        byte[] npy = Npz.npy(new Matrix(1, 1));
        String header = new String(npy, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'<f8'", "'|b1'");
        Path file = zipWith("mask.npy", header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpzFormatException.class)
                .hasMessageStartingWith(file + ": entry mask.npy: dtype '|b1' is not float64, float32, int64 or int32");
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws IOException {
        Path file = dir.resolve("junk.npz");
        Files.writeString(file, "hello, not a zip");
        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpzFormatException.class)
                .hasMessage(file + ": not a .npz file (not a zip archive); save the arrays with np.savez");
    }

    @Test
    void aTruncatedEntryIsRefusedWithTheBytesItNeeds() throws IOException {
        byte[] npy = Npz.npy(new Matrix(2, 2));
        Path file = zipWith("W1.npy", java.util.Arrays.copyOf(npy, npy.length - 8));
        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpzFormatException.class)
                .hasMessage(file + ": entry W1.npy: truncated: shape (2, 2) needs 32 bytes of data, found 24; save the arrays again with np.savez");
    }

    @Test
    void anEntryWithoutTheNumpyMagicIsRefused() throws IOException {
        Path file = zipWith("W1.npy", "this is not numpy data at all".getBytes());
        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpzFormatException.class)
                .hasMessage(file + ": entry W1.npy: not a .npy array (bad magic number); save the arrays again with np.savez");
    }

    @Test
    void threeDimensionalArraysAreRefused() throws IOException {
        byte[] npy = Npz.npy(new Matrix(2, 2));
        String header = new String(npy, java.nio.charset.StandardCharsets.ISO_8859_1).replace("(2, 2)", "(1,2,2)");
        Path file = zipWith("x.npy", header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(NpzFormatException.class)
                .hasMessageContaining("entry x.npy: shape (1,2,2) is 3-D");
    }

    @Test
    void writingReplacesAnExistingFileWholeAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("w.npz");
        Npz.write(file, Map.of("a", Matrix.column(1, 2, 3)));
        Npz.write(file, Map.of("b", Matrix.column(4)));

        assertThat(Npz.read(file).keySet()).containsExactly("b");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private Path zipWith(String entryName, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(content);
            zip.closeEntry();
        }
        Path file = dir.resolve("made.npz");
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
