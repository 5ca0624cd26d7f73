package netgrad.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal zip writer for tests that can lie: each entry's name, method, bytes and the sizes and CRC the
 * zip's headers declare are given separately, so a test can build what java.util.zip refuses to write
 * (duplicate names, a "96-byte" entry that inflates to megabytes, a wrong CRC).
 */
public final class ZipBytes {
    private ZipBytes() {}

    /** One entry; {@code body} is what the file holds (already deflated when {@code method} is 8). */
    public record Entry(String name, int method, byte[] body, long size, long crc) {
        /** An honest stored entry. */
        public static Entry stored(String name, byte[] content) {
            return new Entry(name, 0, content, content.length, ZipBytes.crc(content));
        }

        /** An honest deflated entry. */
        public static Entry deflated(String name, byte[] content) {
            return new Entry(name, 8, deflate(content), content.length, ZipBytes.crc(content));
        }

        /** The same entry declaring another uncompressed size in its headers. */
        public Entry declaring(long declaredSize) {
            return new Entry(name, method, body, declaredSize, crc);
        }
    }

    public static long crc(byte[] content) {
        CRC32 c = new CRC32();
        c.update(content);
        return c.getValue();
    }

    public static byte[] deflate(byte[] content) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true); // raw deflate, as zip stores it
        d.setInput(content);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** The zip file: local headers and bodies, the central directory, the end record. */
    public static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            out.writeBytes(le(32, 0x04034b50, 16, 20, 16, 0x0800, 16, e.method(), 16, 0, 16, 0x21, 32, e.crc(),
                    32, e.body().length, 32, e.size(), 16, name.length, 16, 0));
            out.writeBytes(name);
            out.writeBytes(e.body());
            central.writeBytes(le(32, 0x02014b50, 16, 20, 16, 20, 16, 0x0800, 16, e.method(), 16, 0, 16, 0x21,
                    32, e.crc(), 32, e.body().length, 32, e.size(), 16, name.length, 16, 0, 16, 0, 16, 0, 16, 0,
                    32, 0, 32, offset));
            central.writeBytes(name);
        }
        int cdOffset = out.size();
        byte[] cd = central.toByteArray();
        out.writeBytes(cd);
        out.writeBytes(le(32, 0x06054b50, 16, 0, 16, 0, 16, entries.size(), 16, entries.size(), 32, cd.length,
                32, cdOffset, 16, 0));
        return out.toByteArray();
    }

    /** Little-endian fields given as (bits, value) pairs. */
    private static byte[] le(long... bitsAndValues) {
        ByteBuffer b = ByteBuffer.allocate(bitsAndValues.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bitsAndValues.length; i += 2) {
            if (bitsAndValues[i] == 16) {
                b.putShort((short) bitsAndValues[i + 1]);
            } else {
                b.putInt((int) bitsAndValues[i + 1]);
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }
}
