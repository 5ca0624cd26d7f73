package netgrad.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import netgrad.linalg.Matrix;

/**
 * NumPy's {@code .npz} format: a zip archive with one {@code NAME.npy} entry per array, as written by
 * {@code numpy.savez} and read by {@code numpy.load}. Each {@code .npy} entry is the magic
 * {@code \x93NUMPY}, a version, a header length, a Python-dict header
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (rows, cols), }} padded to a multiple of 64
 * bytes, then the values.
 *
 * <p>We write every matrix as a 2-D little-endian float64 array in C (row-major) order, so an
 * n_k × n_{k−1} weight matrix W_k is {@code W_k.shape == (n_k, n_{k-1})} in NumPy and a bias b_k
 * is (n_k, 1). We read float64, float32, int64 or int32 (so {@code y=3} saved by NumPy is a class index),
 * either byte order, 0-D (read as 1 × 1), 1-D (read as an n × 1 column) or 2-D, C or Fortran order,
 * stored or deflated entries.
 */
public final class Npz {
    private Npz() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * Writes each matrix as a 2-D little-endian float64 .npy entry (C order, shape (rows, cols)) of a
     * .npz zip, atomically (see {@link AtomicFiles}). Entries keep the map's order.
     */
    public static void write(Path file, Map<String, Matrix> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Matrix> e : arrays.entrySet()) {
                byte[] npy = npy(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED); // as numpy.savez does
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** One .npy file (format version 1.0) holding {@code m} as '<f8', C order, shape (rows, cols). */
    static byte[] npy(Matrix m) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + m.rows + ", " + m.cols + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1; // + the closing newline
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 8 * m.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buf.asDoubleBuffer().put(m.data);
        return buf.array();
    }

    /**
     * Reads a .npz written by us or by numpy.savez / savez_compressed.
     *
     * @return the arrays by entry name without ".npy", in file order
     * @throws NpzFormatException when the file is not a zip, or an entry is not a float64/float32/int64/int32 0-D to 2-D
     *                            .npy array; the message names the file and the entry
     */
    public static Map<String, Matrix> read(Path file) throws IOException {
        Map<String, Matrix> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new NpzFormatException(file + ": not a .npz file (not a zip archive)", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                } catch (ZipException e) {
                    throw new NpzFormatException(file + ": entry " + entry.getName() + ": damaged (" + e.getMessage() + ")", e);
                }
                out.put(name, parseNpy(bytes, file + ": entry " + entry.getName()));
            }
        }
        return out;
    }

    /** Parses one .npy file; {@code where} ("FILE: entry NAME") starts every error message. */
    static Matrix parseNpy(byte[] bytes, String where) throws NpzFormatException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4) {
            throw new NpzFormatException(where + ": truncated: " + bytes.length + " bytes is too short for a .npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new NpzFormatException(where + ": not a .npy array (bad magic number)");
            }
        }
        int major = bytes[6] & 0xff;
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new NpzFormatException(where + ": truncated .npy header");
            }
            headerLength = buf.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new NpzFormatException(where + ": unsupported .npy format version " + major);
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpzFormatException(where + ": truncated: header of " + headerLength + " bytes runs past the end");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, "descr", where);
        boolean fortran = field(FORTRAN, header, "fortran_order", where).equals("True");
        int[] shape = shape(field(SHAPE, header, "shape", where), where);

        if (!descr.matches("[<>][fi][48]")) {
            throw new NpzFormatException(where + ": dtype '" + descr + "' is not float64, float32, int64 or int32");
        }
        ByteOrder order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        boolean integer = descr.charAt(1) == 'i';
        int itemSize = descr.charAt(2) - '0';
        int rows = shape[0];
        int cols = shape.length == 2 ? shape[1] : 1;
        long count = (long) rows * cols;
        long dataStart = headerStart + headerLength;
        long expected = dataStart + count * itemSize;
        if (bytes.length != expected) {
            throw new NpzFormatException(where + ": " + (bytes.length < expected ? "truncated" : "trailing bytes")
                    + ": shape (" + rows + ", " + cols + ") needs " + count * itemSize + " bytes of data, found "
                    + (bytes.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) (count * itemSize)).slice().order(order);
        Matrix m = new Matrix(rows, cols);
        for (int idx = 0; idx < count; idx++) {
            double v = integer ? (itemSize == 8 ? data.getLong(idx * 8) : data.getInt(idx * 4))
                    : itemSize == 8 ? data.getDouble(idx * 8) : data.getFloat(idx * 4);
            if (fortran && shape.length == 2) {
                m.set(idx % rows, idx / rows, v); // column-major: element idx is (idx mod rows, idx div rows)
            } else {
                m.data[idx] = v;
            }
        }
        return m;
    }

    private static String field(Pattern p, String header, String key, String where) throws NpzFormatException {
        Matcher match = p.matcher(header);
        if (!match.find()) {
            throw new NpzFormatException(where + ": .npy header has no valid '" + key + "': " + header.trim());
        }
        return match.group(1);
    }

    private static int[] shape(String tuple, String where) throws NpzFormatException {
        String[] parts = tuple.split(",");
        int n = 0;
        int[] dims = new int[parts.length];
        for (String part : parts) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                dims[n++] = Integer.parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                throw new NpzFormatException(where + ": bad shape (" + tuple + ")");
            }
        }
        if (n == 0) {
            return new int[]{1};
        }
        if (n > 2) {
            throw new NpzFormatException(where + ": shape (" + tuple + ") is " + n + "-D; only 0-D, 1-D and 2-D arrays are read");
        }
        for (int i = 0; i < n; i++) {
            if (dims[i] < 0) {
                throw new NpzFormatException(where + ": bad shape (" + tuple + ")");
            }
        }
        long size = n == 2 ? (long) dims[0] * dims[1] : dims[0];
        if (size > Integer.MAX_VALUE - 8) {
            throw new NpzFormatException(where + ": shape (" + tuple + ") is too large");
        }
        return n == 2 ? new int[]{dims[0], dims[1]} : new int[]{dims[0]};
    }

}
