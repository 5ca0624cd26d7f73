package netgrad.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import netgrad.linalg.Matrix;

/**
 * One {@code .npy} entry of a .npz, read from its (inflating) stream with every length checked before it
 * is trusted: the header is at most {@link Npz#MAX_HEADER_BYTES}; the shape's values fit the file's budget
 * of {@link Npz#MAX_ELEMENTS}, the zip directory's sizes and, for a deflated entry, what its compressed
 * bytes can expand to (1032:1); then exactly rows·cols·itemsize bytes are read, one more byte shows whether
 * the entry ends there, and the CRC-32 of what was read must match the zip's.
 */
final class NpyEntry {
    private NpyEntry() {}

    private static final String RESAVE = "; save the arrays again with np.savez";
    private static final int CHUNK = 1 << 16;

    /** The dtypes read: byte order, float or integer, 4 or 8 bytes. */
    private record Dtype(ByteOrder order, boolean integer, int itemSize) {}

    /**
     * Reads the entry's array; {@code budget} is how many values the file may still hold and {@code where}
     * ("FILE: entry NAME") starts every message.
     */
    static Matrix read(InputStream raw, ZipEntry entry, long budget, String where) throws IOException {
        CRC32 crc = new CRC32();
        InputStream in = new java.util.zip.CheckedInputStream(raw, crc);
        byte[] prefix = in.readNBytes(Npz.MAGIC.length + 2);
        if (prefix.length < Npz.MAGIC.length + 2) {
            throw new NpzFormatException(where + ": truncated: " + prefix.length + " bytes is too short for a .npy header" + RESAVE);
        }
        for (int i = 0; i < Npz.MAGIC.length; i++) {
            if (prefix[i] != Npz.MAGIC[i]) {
                throw new NpzFormatException(where + ": not a .npy array (bad magic number)" + RESAVE);
            }
        }
        int major = prefix[6] & 0xff;
        if (major < 1 || major > 3) {
            throw new NpzFormatException(where + ": unsupported .npy format version " + major + RESAVE);
        }
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4); // version 1: uint16, 2 and 3: uint32 (little-endian)
        if (lengthBytes.length < (major == 1 ? 2 : 4)) {
            throw new NpzFormatException(where + ": truncated .npy header" + RESAVE);
        }
        ByteBuffer lb = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
        if (headerLength > Npz.MAX_HEADER_BYTES) {
            throw new NpzFormatException(where + ": a .npy header of " + headerLength + " bytes, longer than the "
                    + Npz.MAX_HEADER_BYTES + " netgrad reads" + RESAVE);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpzFormatException(where + ": truncated: header of " + headerLength + " bytes runs past the end" + RESAVE);
        }
        NpyHeader header = NpyHeader.parse(new String(headerBytes,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), where);
        Dtype dtype = dtype(header.descr(), where);
        long[] shape = header.shape();
        String shapeText = Npz.printable(header.shapeText(), 30);
        if (shape.length > 2) {
            throw new NpzFormatException(where + ": shape " + shapeText + " is " + shape.length
                    + "-D; only 0-D, 1-D and 2-D arrays are read (reshape it to 2-D)");
        }
        long rows = shape.length == 0 ? 1 : shape[0];
        long cols = shape.length == 2 ? shape[1] : 1;
        long count;
        try {
            count = Math.multiplyExact(rows, cols);
        } catch (ArithmeticException e) {
            throw new NpzFormatException(where + ": shape " + shapeText + " overflows a 64-bit count of values" + RESAVE);
        }
        if (count > budget || rows > Npz.MAX_ELEMENTS || cols > Npz.MAX_ELEMENTS) {
            throw new NpzFormatException(where + ": shape " + shapeText + " has " + count + " values; netgrad reads at most "
                    + Npz.MAX_ELEMENTS + " from one file");
        }
        long dataStart = prefix.length + lengthBytes.length + headerLength;
        long dataBytes = count * dtype.itemSize();
        if (entry.getSize() >= 0 && entry.getSize() != dataStart + dataBytes) {
            throw lengthMismatch(where, shapeText, dataBytes, entry.getSize() - dataStart);
        }
        long compressed = entry.getCompressedSize();
        if (entry.getMethod() == ZipEntry.DEFLATED && compressed >= 0
                && dataStart + dataBytes > Npz.DEFLATE_MAX_RATIO * compressed + 64) {
            throw new NpzFormatException(where + ": shape " + shapeText + " needs " + dataBytes + " bytes, more than its "
                    + compressed + " compressed bytes can hold; the header is wrong or the file cut" + RESAVE);
        }
        if (8 * count > Runtime.getRuntime().maxMemory() / 2) {
            throw new NpzFormatException(where + ": shape " + shapeText + " needs " + (8 * count >> 20) + " MiB, over half "
                    + "the memory Java may use; run with NETGRAD_JAVA_OPTS=-Xmx…");
        }
        Matrix m = new Matrix((int) rows, (int) cols);
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(dataBytes, 1))];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(dtype.order());
        long done = 0;
        while (done < dataBytes) {
            int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, dataBytes - done));
            if (n < Math.min(chunk.length, dataBytes - done)) {
                throw lengthMismatch(where, shapeText, dataBytes, done + n);
            }
            int first = (int) (done / dtype.itemSize());
            for (int k = 0; k < n / dtype.itemSize(); k++) {
                int idx = first + k;
                double v = dtype.integer() ? (dtype.itemSize() == 8 ? buf.getLong(8 * k) : buf.getInt(4 * k))
                        : dtype.itemSize() == 8 ? buf.getDouble(8 * k) : buf.getFloat(4 * k);
                if (header.fortranOrder() && shape.length == 2) {
                    m.set((int) (idx % rows), (int) (idx / rows), v); // column-major: element idx is (idx mod rows, idx div rows)
                } else {
                    m.data[idx] = v;
                }
            }
            done += n;
        }
        if (in.read() != -1) { // one byte past the shape's data: never inflate further
            throw new NpzFormatException(where + ": data goes on past the " + dataBytes + " bytes its shape " + shapeText
                    + " needs (a zip bomb or trailing bytes)" + RESAVE);
        }
        if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            throw new NpzFormatException(where + ": damaged (its CRC-32 does not match the zip's)" + RESAVE);
        }
        return m;
    }

    private static NpzFormatException lengthMismatch(String where, String shapeText, long needed, long found) {
        return new NpzFormatException(where + ": " + (found < needed ? "truncated" : "trailing bytes") + ": shape "
                + shapeText + " needs " + needed + " bytes of data, found " + found + RESAVE);
    }

    /** float64, float32, int64 or int32 in either byte order; anything else is named and refused. */
    private static Dtype dtype(String descr, String where) throws NpzFormatException {
        if (descr.matches("[<>][fi][48]")) {
            return new Dtype(descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN,
                    descr.charAt(1) == 'i', descr.charAt(2) - '0');
        }
        String shown = Npz.printable(descr, 20);
        if (descr.matches("[<>|=]?O\\d*")) {
            throw new NpzFormatException(where + ": dtype object ('" + shown + "') is a pickle, which netgrad never "
                    + "unpickles; save numbers: np.asarray(a, dtype=float)");
        }
        throw new NpzFormatException(where + ": dtype '" + shown + "' is not float64, float32, int64 or int32 (it is "
                + kind(descr) + "); save a.astype(float)");
    }

    /** What NumPy's type character (after the byte order) means, for messages. */
    private static String kind(String descr) {
        String d = descr.replaceFirst("^[<>|=]", "");
        String size = d.matches(".\\d{1,2}") ? d.substring(1) + " bytes" : "an unknown size";
        return switch (d.isEmpty() ? '?' : d.charAt(0)) {
            case 'b' -> "bool";
            case 'i' -> "an integer of " + size;
            case 'u' -> "an unsigned integer";
            case 'f' -> "a float of " + size;
            case 'c' -> "complex";
            case 'U' -> "unicode text";
            case 'S', 'a' -> "byte strings";
            case 'M', 'm' -> "a date or time";
            case 'V' -> "raw bytes";
            default -> "unknown";
        };
    }

    /** The message for a bare .npy file (np.save rather than np.savez), whose first bytes are {@code start}. */
    static String bareNpy(byte[] start, Path file) {
        boolean pickled = false;
        int major = start.length > 6 ? start[6] & 0xff : 0;
        int headerStart = major == 1 ? 10 : 12;
        if (start.length > headerStart && (major >= 1 && major <= 3)) {
            String text = new String(start, headerStart, start.length - headerStart, StandardCharsets.ISO_8859_1);
            int end = text.indexOf('\n');
            try {
                NpyHeader h = NpyHeader.parse(end < 0 ? text : text.substring(0, end + 1), file.toString());
                pickled = h.descr().matches("[<>|=]?O\\d*");
            } catch (NpzFormatException e) {
                pickled = false;
            }
        }
        return pickled
                ? file + ": a pickled .npy (np.save of a dict?), not a .npz; netgrad never unpickles: "
                        + "save with np.savez('answer.npz', **d)"
                : file + ": a single .npy array, not a .npz; save it with np.savez('answer.npz', NAME=a)";
    }
}
