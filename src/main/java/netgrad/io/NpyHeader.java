package netgrad.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The Python-dict header of one {@code .npy} array, e.g.
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}, parsed strictly as the literal NumPy
 * writes: exactly the three keys, a quoted dtype string, True or False, a tuple of whole numbers; then only
 * padding (spaces, a newline). Nothing in it is evaluated; a structured dtype (a list) is refused.
 *
 * @param descr        the dtype string, e.g. {@code <f8}
 * @param fortranOrder whether the values are stored column-major
 * @param shape        the dimensions, each ≥ 0 (at most {@link #MAX_DIMENSIONS} of them are read)
 * @param shapeText    the shape as written, for messages, e.g. {@code (3, 4)}
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape, String shapeText) {
    /** Dimensions read from a header; a netgrad array has at most 2, so more are refused by {@link Npz}. */
    static final int MAX_DIMENSIONS = 32;

    /** Parses {@code text}; every error message starts with {@code where} ("FILE: entry NAME"). */
    static NpyHeader parse(String text, String where) throws NpzFormatException {
        return new Parser(text, where).header();
    }

    private static final class Parser {
        private final String text;
        private final String where;
        private int pos;

        Parser(String text, String where) {
            this.text = text;
            this.where = where;
        }

        NpyHeader header() throws NpzFormatException {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            String shapeText = null;
            skipSpace();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    break;
                }
                String key = string("a key");
                skipSpace();
                expect(':');
                skipSpace();
                switch (key) {
                    case "descr" -> {
                        if (peek() == '[') {
                            throw bad("a structured dtype (a list of fields) is not read; save each field as its own array");
                        }
                        descr = once(descr, string("the dtype"), key);
                    }
                    case "fortran_order" -> fortran = once(fortran, bool(), key);
                    case "shape" -> {
                        int start = pos;
                        shape = once(shape, tuple(), key);
                        shapeText = text.substring(start, pos);
                    }
                    default -> throw bad("unexpected key '" + Npz.printable(key, 20) + "' (a .npy header has descr, "
                            + "fortran_order and shape)");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw bad("expected ',' or '}' at character " + (pos + 1));
                }
            }
            pos++;
            skipSpace();
            if (pos != text.length()) {
                throw bad("text after the closing '}' at character " + (pos + 1));
            }
            if (descr == null || fortran == null || shape == null) {
                throw bad("the header lacks '" + (descr == null ? "descr" : fortran == null ? "fortran_order" : "shape") + "'");
            }
            return new NpyHeader(descr, fortran, shape, shapeText);
        }

        private <T> T once(T old, T value, String key) throws NpzFormatException {
            if (old != null) {
                throw bad("'" + key + "' appears twice");
            }
            return value;
        }

        /** A quoted string without escapes, as NumPy writes dtype names and keys. */
        private String string(String what) throws NpzFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw bad("expected " + what + " in quotes at character " + (pos + 1));
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0 || text.substring(pos + 1, end).indexOf('\\') >= 0) {
                throw bad("unterminated or escaped string at character " + (pos + 1));
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private Boolean bool() throws NpzFormatException {
            for (String word : new String[] {"True", "False"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("True");
                }
            }
            throw bad("'fortran_order' is not True or False");
        }

        /** {@code (d0, d1, …)} with an optional trailing comma; {@code ()} is a 0-D array. */
        private long[] tuple() throws NpzFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    break;
                }
                if (dims.size() == MAX_DIMENSIONS) {
                    throw bad("the shape has more than " + MAX_DIMENSIONS + " dimensions");
                }
                dims.add(dimension());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw bad("a shape dimension is not a whole number at character " + (pos + 1));
                }
            }
            pos++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long dimension() throws NpzFormatException {
            int start = pos;
            if (peek() == '-') {
                throw bad("a negative dimension in the shape");
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start) {
                throw bad("a shape dimension is not a whole number at character " + (pos + 1));
            }
            if (pos - start > 18) { // more cannot be a real array, and would overflow a long
                throw bad("a shape dimension of " + (pos - start) + " digits is absurd");
            }
            long value = Long.parseLong(text.substring(start, pos));
            if (peek() == 'L') {
                pos++; // Python 2 wrote long integers as 3L
            }
            return value;
        }

        private void expect(char c) throws NpzFormatException {
            if (peek() != c) {
                throw bad("expected '" + c + "' at character " + (pos + 1));
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private NpzFormatException bad(String what) {
            return new NpzFormatException(where + ": bad .npy header: " + what + "; save the array again with np.savez");
        }
    }
}
