package netgrad.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Entries read from one file (numpy.savez writes one per array; a dump of 100 layers has ~800). */
    public static final int MAX_ENTRIES = 4096;
    /** Bytes of one .npy header; NumPy's own reader refuses more (numpy.load's max_header_size). */
    public static final int MAX_HEADER_BYTES = 10_000;
    /** Values read from one file, over all its entries: netgrad's cap on parameters (Plan.MAX_PARAMETERS). */
    public static final long MAX_ELEMENTS = 100_000_000L;
    /** Characters of an entry name. */
    public static final int MAX_NAME_LENGTH = 100;
    /** Deflate expands at most 1032:1, so a deflated entry of c bytes holds at most 1032·c bytes of data. */
    static final long DEFLATE_MAX_RATIO = 1032;
    /** The modification time of every entry written (the zip format's first day), so that output is reproducible. */
    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * Writes each matrix as a 2-D little-endian float64 .npy entry (C order, shape (rows, cols)) of a
     * .npz zip, atomically (see {@link AtomicFiles}). Entries keep the map's order.
     */
    public static void write(Path file, Map<String, Matrix> arrays) throws IOException {
        write(file, arrays, Set.of());
    }

    /**
     * As {@link #write(Path, Map)}, but the entries named in {@code vectors} (each n × 1 or 1 × n) are written as
     * 1-D arrays of shape (n,), as NumPy code holds a bias it adds to rows.
     */
    public static void write(Path file, Map<String, Matrix> arrays, Set<String> vectors) throws IOException {
        write(file, arrays, vectors, Set.of());
    }

    /**
     * As {@link #write(Path, Map, Set)}, and the entries named in {@code scalars} (each 1 × 1) are written as 0-D
     * arrays of shape (), which NumPy turns into a number with {@code float(p["eps1"])}.
     */
    public static void write(Path file, Map<String, Matrix> arrays, Set<String> vectors, Set<String> scalars)
            throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Matrix> e : arrays.entrySet()) {
                Matrix m = e.getValue();
                if (scalars.contains(e.getKey()) && m.size() != 1) {
                    throw new IllegalArgumentException("a " + m.shape() + " matrix is not a scalar");
                }
                byte[] npy = scalars.contains(e.getKey()) ? npy(m, "") : npy(m, vectors.contains(e.getKey()));
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED); // as numpy.savez does
                entry.setTimeLocal(FIXED_TIME);   // not the clock: the same arrays give the same bytes
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
        return npy(m, false);
    }

    /** One .npy file of {@code m}, shape (size,) when {@code vector}, else (rows, cols). */
    static byte[] npy(Matrix m, boolean vector) {
        if (vector && m.rows != 1 && m.cols != 1) {
            throw new IllegalArgumentException("a " + m.shape() + " matrix is not a vector");
        }
        return npy(m, vector ? m.size() + "," : m.rows + ", " + m.cols);
    }

    /** One .npy file of {@code m}'s values under the shape {@code shape} ("3, 4", "12,", "" for a scalar). */
    private static byte[] npy(Matrix m, String shape) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shape + "), }";
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
     * Reads a .npz written by us or by numpy.savez / savez_compressed, treating it as hostile: nothing is
     * unpickled, no entry is inflated past the bytes its header's shape needs (+1 to see that it ends), and
     * the caps above bound the entries, headers and values, so memory is at most 8 bytes per value read.
     * The checks on one entry are in {@link NpyEntry}.
     *
     * @return the arrays by entry name without ".npy", in file order
     * @throws NpzFormatException when the file is not such a .npz: one line naming the file, the entry where
     *                            there is one, what is wrong and what to do
     */
    public static Map<String, Matrix> read(Path file) throws IOException {
        refuseWhatIsNotAZip(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) { // ZipException, or EOFException where a zip64 record is cut short
            throw new NpzFormatException(file + ": not a .npz file (a damaged or truncated zip: "
                    + printable(String.valueOf(e.getMessage()), 40) + "); save the arrays again with np.savez");
        }
        try (zip) {
            if (zip.size() > MAX_ENTRIES) {
                throw new NpzFormatException(file + ": " + zip.size() + " entries, more than the " + MAX_ENTRIES
                        + " netgrad reads; save only the arrays it needs");
            }
            List<ZipEntry> entries = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                String name = arrayName(entry.getName(), file);
                if (!names.add(name)) {
                    throw new NpzFormatException(file + ": entry " + name + ".npy appears twice; save each array once");
                }
                entries.add(entry);
            }
            Map<String, Matrix> out = new LinkedHashMap<>();
            long budget = MAX_ELEMENTS;
            for (ZipEntry entry : entries) {
                String where = file + ": entry " + entry.getName();
                Matrix m;
                try (InputStream in = zip.getInputStream(entry)) {
                    m = NpyEntry.read(in, entry, budget, where);
                } catch (NpzFormatException e) {
                    throw e;
                } catch (IOException e) { // ZipException, EOFException from the inflater, …
                    throw new NpzFormatException(where + ": damaged (" + printable(String.valueOf(e.getMessage()), 40)
                            + "); save the arrays again with np.savez", e);
                }
                budget -= m.size();
                out.put(arrayName(entry.getName(), file), m);
            }
            return out;
        }
    }

    /** Tells a directory, an empty file, a bare .npy, a pickle and other non-zips apart, each with its fix. */
    private static void refuseWhatIsNotAZip(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new NpzFormatException(file + ": a directory, not a .npz file; give the .npz file inside it");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new NpzFormatException(file + ": not a regular file; give a .npz file saved with np.savez");
        }
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(MAGIC.length + 4 + MAX_HEADER_BYTES);
        }
        if (start.length == 0) {
            throw new NpzFormatException(file + ": an empty file, not a .npz; save the arrays with np.savez");
        }
        if (Arrays.equals(start, 0, Math.min(start.length, MAGIC.length), MAGIC, 0, MAGIC.length)) {
            throw new NpzFormatException(NpyEntry.bareNpy(start, file));
        }
        if ((start[0] & 0xff) == 0x80 && start.length > 1 && start[1] >= 2 && start[1] <= 5) {
            throw new NpzFormatException(file + ": a Python pickle, not a .npz (netgrad never unpickles); "
                    + "save the arrays with np.savez('answer.npz', **d)");
        }
        if (start.length < 4 || start[0] != 'P' || start[1] != 'K') {
            throw new NpzFormatException(file + ": not a .npz file (not a zip archive); save the arrays with np.savez");
        }
    }

    /**
     * The array name of entry {@code entryName} (".npy" dropped), refusing names that are paths or that could
     * not be printed safely: '/', '\\', ':', NUL and control characters, "." and "..", empty or over-long names.
     */
    private static String arrayName(String entryName, Path file) throws NpzFormatException {
        String name = entryName.endsWith(".npy") ? entryName.substring(0, entryName.length() - 4) : entryName;
        boolean pathLike = name.isEmpty() || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f);
        if (pathLike) {
            throw new NpzFormatException(file + ": entry name '" + printable(entryName, 40) + "' is a path or not "
                    + "printable; save arrays under plain names (np.savez('answer.npz', W1=W1))");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new NpzFormatException(file + ": entry name '" + printable(entryName, 40) + "' is longer than "
                    + MAX_NAME_LENGTH + " characters; save arrays under short names");
        }
        return name;
    }

    /** {@code s} with control and non-ASCII characters as \\xNN / \\uNNNN, cut to {@code max} characters with "…". */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c)
                    : c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        }
        return b.length() > max ? b.substring(0, max) + "…" : b.toString();
    }
}
