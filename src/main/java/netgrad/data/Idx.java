package netgrad.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST, gzipped or not (detected by the gzip magic 1f 8b).
 * A file is a big-endian header, then unsigned bytes:
 * <pre>
 *   labels: 0x00000801, count N,                     then N labels
 *   images: 0x00000803, count N, rows R, columns C,  then N·R·C pixels, row by row
 * </pre>
 * Pixels are kept as bytes (0..255) to keep the 60000 × 784 training set at 47 MB; batches scale them
 * to [0, 1] when they are copied out.
 */
public final class Idx {
    private Idx() {}

    public static final int LABELS_MAGIC = 0x00000801;
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Images as read: {@code pixels[i·rows·cols + r·cols + c]} is pixel (r, c) of image i, unsigned. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public int size() {
            return rows * cols;
        }
    }

    /** Reads an image file; throws {@link DataFormatException} with "FILE: problem" for a bad one. */
    public static Images readImages(Path file) throws IOException {
        byte[] bytes = contents(file);
        ByteBuffer buf = header(file, bytes, IMAGES_MAGIC, 16, "images");
        int count = count(file, buf.getInt(4), "image count");
        int rows = count(file, buf.getInt(8), "row count");
        int cols = count(file, buf.getInt(12), "column count");
        long expected = (long) count * rows * cols;
        checkLength(file, bytes.length - 16L, expected, "images");
        byte[] pixels = new byte[(int) expected];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    /** Reads a label file and checks every label is in 0..classes−1. */
    public static byte[] readLabels(Path file, int classes) throws IOException {
        byte[] bytes = contents(file);
        ByteBuffer buf = header(file, bytes, LABELS_MAGIC, 8, "labels");
        int count = count(file, buf.getInt(4), "label count");
        checkLength(file, bytes.length - 8L, count, "labels");
        byte[] labels = new byte[count];
        System.arraycopy(bytes, 8, labels, 0, count);
        for (int i = 0; i < count; i++) {
            if ((labels[i] & 0xff) >= classes) {
                throw new DataFormatException(file + ": label " + (labels[i] & 0xff) + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        return labels;
    }

    /** Writes an image file (uncompressed IDX); for tests and tools. */
    public static byte[] imagesFile(int count, int rows, int cols, byte[] pixels) {
        ByteBuffer buf = ByteBuffer.allocate(16 + pixels.length);
        buf.putInt(IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return buf.array();
    }

    /** Writes a label file (uncompressed IDX); for tests and tools. */
    public static byte[] labelsFile(byte[] labels) {
        ByteBuffer buf = ByteBuffer.allocate(8 + labels.length);
        buf.putInt(LABELS_MAGIC).putInt(labels.length).put(labels);
        return buf.array();
    }

    private static byte[] contents(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
                    return gz.readAllBytes();
                } catch (ZipException | java.io.EOFException e) {
                    throw new DataFormatException(file + ": corrupt gzip data (" + e.getMessage() + ")");
                }
            }
            return raw.readAllBytes();
        }
    }

    private static ByteBuffer header(Path file, byte[] bytes, int magic, int headerSize, String what)
            throws DataFormatException {
        ByteBuffer buf = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        if (bytes.length >= 4 && buf.getInt(0) != magic) {
            throw new DataFormatException(String.format("%s: bad magic number 0x%08x: expected 0x%08x (IDX %s)",
                    file, buf.getInt(0), magic, what));
        }
        if (bytes.length < headerSize) {
            throw new DataFormatException(file + ": truncated: expected a " + headerSize + "-byte IDX " + what
                    + " header, found " + bytes.length + " bytes");
        }
        return buf;
    }

    private static int count(Path file, int value, String what) throws DataFormatException {
        if (value < 0) {
            throw new DataFormatException(file + ": negative " + what + " " + value);
        }
        return value;
    }

    private static void checkLength(Path file, long found, long expected, String what) throws DataFormatException {
        if (found < expected) {
            throw new DataFormatException(file + ": truncated: expected " + expected + " bytes of " + what
                    + ", found " + found);
        }
        if (found > expected) {
            throw new DataFormatException(file + ": " + (found - expected) + " bytes after the " + expected
                    + " bytes of " + what + " the header announces");
        }
    }
}
