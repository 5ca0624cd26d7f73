package netgrad.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

/**
 * Seeded byte-level mutation of valid inputs, in the manner of AFL's havoc stage: each mutant is one of the
 * seeds with 1–4 random edits — flip a bit, set a byte to an interesting value, insert or delete a run,
 * truncate, duplicate a run, splice in a run from another seed, or change a decimal number in place (so
 * lengths and shapes written as text become 0, −1, huge). Same seed, same mutants.
 */
final class ByteMutator {
    private static final int[] INTERESTING = {0, 1, 0x7f, 0x80, 0xff, '\n', '\r', '\'', '"', ',', '(', ')', '-', '9', '/',
        '\\', '{', '}', ';', '#', 0xc3, 0xe2};
    private static final String[] NUMBERS = {"0", "-1", "1", "2", "65535", "4294967296", "99999999999999999999",
        "100000001", "1e9", "0.5", ""};

    private final Random random;
    private final List<byte[]> seeds;

    ByteMutator(long seed, List<byte[]> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    Random random() {
        return random;
    }

    /** A seed, unchanged. */
    byte[] pick() {
        return seeds.get(random.nextInt(seeds.size())).clone();
    }

    /** A seed with 1–4 edits. */
    byte[] next() {
        byte[] b = pick();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            b = edit(b);
        }
        return b;
    }

    byte[] edit(byte[] b) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(b.length);
        int run = 1 + random.nextInt(Math.min(64, b.length - at));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(9)) {
            case 0 -> {
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 1 -> {
                b[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                return b;
            }
            case 2 -> { // insert random bytes
                out.write(b, 0, at);
                for (int i = 0; i < run; i++) {
                    out.write(random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : random.nextInt(256));
                }
                out.write(b, at, b.length - at);
            }
            case 3 -> { // delete a run
                out.write(b, 0, at);
                out.write(b, at + run, b.length - at - run);
            }
            case 4 -> out.write(b, 0, at); // truncate
            case 5 -> { // duplicate a run
                out.write(b, 0, at + run);
                out.write(b, at, b.length - at);
            }
            case 6 -> { // splice: a run of another seed in place of ours
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length);
                out.write(b, 0, at);
                out.write(other, from, Math.min(run, other.length - from));
                out.write(b, Math.min(b.length, at + run), b.length - Math.min(b.length, at + run));
            }
            case 7 -> { // a decimal number (a shape, a size, a width) replaced by another
                int start = at;
                while (start < b.length && !Character.isDigit(b[start])) {
                    start++;
                }
                int end = start;
                while (end < b.length && Character.isDigit(b[end])) {
                    end++;
                }
                if (start == b.length) {
                    return b;
                }
                out.write(b, 0, start);
                out.writeBytes(NUMBERS[random.nextInt(NUMBERS.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(b, end, b.length - end);
            }
            default -> { // overwrite a little-endian 16- or 32-bit field with an extreme value
                int width = random.nextBoolean() ? 2 : 4;
                long value = random.nextBoolean() ? -1L : random.nextBoolean() ? 0 : random.nextInt();
                for (int i = 0; i < width && at + i < b.length; i++) {
                    b[at + i] = (byte) (value >> (8 * i));
                }
                return b;
            }
        }
        return out.toByteArray();
    }
}
