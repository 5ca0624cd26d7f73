package netgrad.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of one spec file, checked to be UTF-8 text: a leading byte-order mark is dropped, NUL bytes
 * and invalid UTF-8 are refused with their line and column. Lines end in LF, CRLF or CR.
 *
 * @param file the name used in diagnostics (the path as the user gave it)
 * @param text the whole text, without a byte-order mark
 */
public record SourceText(String file, String text) {
    /** Specs larger than this are refused unread; real ones are a few hundred bytes. */
    public static final long MAX_BYTES = 1 << 20;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    public SourceText {
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
    }

    /** The lines of the text, without their line ends. */
    public List<String> lines() {
        return List.of(text.split("\r\n|\r|\n", -1));
    }

    public int lineCount() {
        return lines().size();
    }

    /** Line {@code n}, 1-based. */
    public String line(int n) {
        return lines().get(n - 1);
    }

    /**
     * Reads {@code path} as a spec; on any problem adds one diagnostic to {@code diagnostics} and
     * returns null. Never throws for bad input.
     */
    public static SourceText read(Path path, Diagnostics diagnostics) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                diagnostics.fileError("is a directory, not a spec file");
                return null;
            }
            if (Files.exists(path) && Files.size(path) > MAX_BYTES) {
                diagnostics.fileError("file too large for a spec (" + Files.size(path) + " bytes, at most " + MAX_BYTES + ")");
                return null;
            }
            // Read at most one byte past the limit: a device such as /dev/zero reports size 0 and never ends.
            try (java.io.InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                diagnostics.fileError("file too large for a spec (more than " + MAX_BYTES + " bytes)");
                return null;
            }
        } catch (NoSuchFileException e) {
            diagnostics.fileError("no such file");
            return null;
        } catch (AccessDeniedException e) {
            diagnostics.fileError("permission denied");
            return null;
        } catch (IOException | SecurityException e) {
            diagnostics.fileError("cannot read the file (" + e.getMessage() + ")");
            return null;
        }
        return decode(diagnostics.file(), bytes, diagnostics);
    }

    /** The name standard input has in diagnostics when a command reads a spec from {@code -}. */
    public static final String STDIN = "<stdin>";

    /**
     * Reads a spec from {@code in} (standard input), at most {@link #MAX_BYTES}; on any problem adds one
     * diagnostic to {@code diagnostics} and returns null. Never throws for bad input.
     */
    public static SourceText read(java.io.InputStream in, Diagnostics diagnostics) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            diagnostics.fileError("cannot read standard input (" + e.getMessage() + ")");
            return null;
        }
        if (bytes.length > MAX_BYTES) {
            diagnostics.fileError("too large for a spec (more than " + MAX_BYTES + " bytes)");
            return null;
        }
        return decode(diagnostics.file(), bytes, diagnostics);
    }

    /** Decodes {@code bytes} as strict UTF-8 text without NUL characters, or reports why not and returns null. */
    public static SourceText decode(String file, byte[] bytes, Diagnostics diagnostics) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                String before = new String(bytes, 0, i, StandardCharsets.UTF_8);
                int[] lineColumn = lineColumn(before, before.length());
                diagnostics.error(lineColumn[0], lineColumn[1], 1, "binary data (a NUL byte), not a spec");
                return null;
            }
        }
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalidByte(bytes);
            String valid = new String(bytes, 0, bad, StandardCharsets.UTF_8);
            int[] lineColumn = lineColumn(valid, valid.length());
            diagnostics.error(lineColumn[0], lineColumn[1], 1, String.format(
                    "not UTF-8 text (byte 0x%02X); save the spec as UTF-8", bytes[bad] & 0xFF));
            return null;
        }
        return new SourceText(file, text);
    }

    /** The offset of the first byte where strict UTF-8 decoding fails. */
    private static int firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return Math.min(in.position(), bytes.length - 1);
    }

    /** 1-based line and column (in code points) of {@code offset} in the decoded prefix {@code text}. */
    private static int[] lineColumn(String text, int offset) {
        String prefix = text.substring(0, Math.min(offset, text.length()));
        if (!prefix.isEmpty() && prefix.charAt(0) == BYTE_ORDER_MARK) {
            prefix = prefix.substring(1);
        }
        String[] lines = prefix.split("\r\n|\r|\n", -1);
        String last = lines[lines.length - 1];
        return new int[] {lines.length, last.codePointCount(0, last.length()) + 1};
    }
}
