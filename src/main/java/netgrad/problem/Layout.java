package netgrad.problem;

/**
 * How a problem's (and an answer's) arrays are laid out.
 * <ul>
 *   <li>{@link #LECTURE}: W_k is n_k × n_{k−1}, b_k is n_k × 1, examples are the columns: x is n_0 × B, y is
 *       n_L × B, a_k and h_k are n_k × B, and a_k = W_k h_{k−1} + b_k.</li>
 *   <li>{@link #ROWS}: the transpose of every array, as NumPy code often writes it: W_k is n_{k−1} × n_k,
 *       b_k is 1-D (n_k), examples are the rows: x is B × n_0, y is B × n_L, and a_k = h_{k−1} @ W_k + b_k.</li>
 * </ul>
 */
public enum Layout {
    LECTURE("lecture"), ROWS("rows");

    private final String keyword;

    Layout(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** The layout called {@code keyword}, or null. */
    public static Layout named(String keyword) {
        for (Layout l : values()) {
            if (l.keyword.equals(keyword)) {
                return l;
            }
        }
        return null;
    }
}
