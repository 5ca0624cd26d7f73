package netgrad.plan;

/**
 * A named quantity of the derivation: {@code Wk} (n_k × n_{k−1}), {@code bk} (n_k × 1), {@code ak} (n_k × B,
 * 1 ≤ k ≤ L) or {@code hk} (n_k × B, 0 ≤ k &lt; L; h_0 = x is data, not a quantity with a gradient). The one
 * place that knows how a quantity is written, so the user sees one spelling in each context:
 * <pre>
 * (γ_k, β_k, â_k are labelled gamma3, beta3, ahat3 and written γ_3, β_3, â_3, \gamma_3, \beta_3, \hat{a}_3.)
 *   label()         a3                     plan summary, tape node labels, a user's name on the command line
 *   npzKey()        a3, npzKey("fd") fd_a3 .npz entries (--weights, --dump)
 *   text()          a_3                    report and formula text (verify, self-test)
 *   gradientText()  ∇a_3
 *   tex()           a_3, a_{12}            explain's LaTeX
 *   texGradient()   \nabla_{a_3}\mathcal{L}
 * </pre>
 * Every rendering switches over {@link Kind} without a default: a new kind does not compile until each says
 * how it is written.
 */
public record Quantity(Kind kind, int k) implements Comparable<Quantity> {
    /**
     * What the quantity is: W_k, b_k, and for a batch-normalised layer γ_k (scale) and β_k (shift), the parameters;
     * a_k, â_k (the normalised pre-activation, batch norm only) and h_k, the intermediates.
     */
    public enum Kind { WEIGHT, BIAS, GAMMA, BETA, PRE_ACTIVATION, NORMALIZED, ACTIVATION }

    private static final int CACHED_LAYERS = 64;
    private static final Quantity[][] CACHE = new Quantity[Kind.values().length][CACHED_LAYERS];

    static {
        for (Kind kind : Kind.values()) {
            for (int k = 0; k < CACHED_LAYERS; k++) {
                CACHE[kind.ordinal()][k] = new Quantity(kind, k);
            }
        }
    }

    public Quantity {
        if (kind == null || k < 0) {
            throw new IllegalArgumentException("a quantity needs a kind and a layer k ≥ 0, not " + kind + " " + k);
        }
    }

    /** The quantity of {@code kind} and layer k; shared instances for small k, so a lookup allocates nothing. */
    public static Quantity of(Kind kind, int k) {
        return k >= 0 && k < CACHED_LAYERS ? CACHE[kind.ordinal()][k] : new Quantity(kind, k);
    }

    /** W_k. */
    public static Quantity W(int k) {
        return of(Kind.WEIGHT, k);
    }

    /** b_k. */
    public static Quantity b(int k) {
        return of(Kind.BIAS, k);
    }

    /** a_k. */
    public static Quantity a(int k) {
        return of(Kind.PRE_ACTIVATION, k);
    }

    /** γ_k, batch normalisation's scale (n_k × 1). */
    public static Quantity gamma(int k) {
        return of(Kind.GAMMA, k);
    }

    /** β_k, batch normalisation's shift (n_k × 1). */
    public static Quantity beta(int k) {
        return of(Kind.BETA, k);
    }

    /** â_k = γ_k ⊙ (a_k − μ_k) / √(σ²_k + ε) + β_k (n_k × B). */
    public static Quantity ahat(int k) {
        return of(Kind.NORMALIZED, k);
    }

    /** h_k (h_0 = x). */
    public static Quantity h(int k) {
        return of(Kind.ACTIVATION, k);
    }

    /**
     * The quantity a user names {@code W1}, {@code b2}, {@code a3}, {@code h1}, … in a network of {@code plan}'s
     * depth (h_k only below the output layer).
     *
     * @throws IllegalArgumentException "no quantity called 'x'" (…" in a network of L layers" when k is out of range)
     */
    public static Quantity parse(String name, Plan plan) {
        Quantity q = parse(name);
        if (q == null) {
            throw new IllegalArgumentException("no quantity called '" + name + "'");
        }
        if (!q.existsIn(plan)) {
            throw new IllegalArgumentException("no quantity called '" + name + "' in a network of " + plan.depth() + " layers");
        }
        return q;
    }

    /** The quantity spelt {@code name} as {@link #label()} writes it, whatever the network; null when none is. */
    public static Quantity parse(String name) {
        if (name == null || name.length() < 2) {
            return null;
        }
        for (Kind kind : Kind.values()) {
            String letter = labelLetter(kind);
            String rest = name.substring(Math.min(letter.length(), name.length()));
            if (name.startsWith(letter) && !rest.isEmpty() && rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    return of(kind, Integer.parseInt(rest));
                } catch (NumberFormatException e) {
                    return null;   // more digits than an int
                }
            }
        }
        return null;
    }

    /** The parameter θ entry W_k or b_k called {@code name} in {@code plan}; null for any other name. */
    public static Quantity parameter(String name, Plan plan) {
        Quantity q = parse(name);
        return q != null && q.isParameter() && q.existsIn(plan) ? q : null;
    }

    /** Whether the quantity is an entry of θ (trained, read from --weights), not an intermediate of the forward pass. */
    public boolean isParameter() {
        return switch (kind) {
            case WEIGHT, BIAS, GAMMA, BETA -> true;
            case PRE_ACTIVATION, NORMALIZED, ACTIVATION -> false;
        };
    }

    /**
     * Whether a network of {@code plan}'s depth L has it with a gradient: W_k, b_k, a_k for 1 ≤ k ≤ L, h_k for
     * 1 ≤ k &lt; L, γ_k, β_k and â_k for the layers with batch normalisation.
     */
    public boolean existsIn(Plan plan) {
        int last = switch (kind) {
            case WEIGHT, BIAS, PRE_ACTIVATION -> plan.depth();
            case ACTIVATION -> plan.depth() - 1;
            case GAMMA, BETA, NORMALIZED -> k >= 1 && k < plan.depth() && plan.batchNorm(k) ? k : 0;
        };
        return k >= 1 && k <= last;
    }

    /** {@code W3}, {@code a1}: the plan's and the tape's label, and the name a user types. */
    public String label() {
        return labelLetter(kind) + k;
    }

    /** The .npz entry of the quantity itself: its {@link #label()}. */
    public String npzKey() {
        return label();
    }

    /** The .npz entry of one engine's gradient of it: {@code backprop_a3}, {@code tape_W1}, {@code fd_h2}. */
    public String npzKey(String engine) {
        return engine + "_" + label();
    }

    /** {@code a_3}: the quantity in report and formula text. */
    public String text() {
        return textLetter(kind) + "_" + k;
    }

    /** {@code a₃}, {@code W₁₂}: the quantity with a Unicode subscript, for pictures (graphs, captions). */
    public String subscripted() {
        StringBuilder s = new StringBuilder(textLetter(kind));
        for (char c : Integer.toString(k).toCharArray()) {
            s.append((char) ('₀' + (c - '0')));
        }
        return s.toString();
    }

    /** {@code ∇a_3}: its gradient in report text. */
    public String gradientText() {
        return "∇" + text();
    }

    /** {@code a_3}, {@code a_{12}}: the quantity in LaTeX. */
    public String tex() {
        String letter = switch (kind) {
            case WEIGHT -> "W";
            case BIAS -> "b";
            case GAMMA -> "\\gamma";
            case BETA -> "\\beta";
            case PRE_ACTIVATION -> "a";
            case NORMALIZED -> "\\hat{a}";
            case ACTIVATION -> "h";
        };
        return letter + "_" + (k < 10 ? String.valueOf(k) : "{" + k + "}");
    }

    /** {@code a_{3,i}}: entry {@code index} of the quantity, in LaTeX. */
    public String texEntry(String index) {
        String tex = tex();
        return tex.substring(0, tex.lastIndexOf('_')) + "_{" + k + "," + index + "}";
    }

    /** {@code \nabla_{a_3}\mathcal{L}}: the gradient of the loss with respect to it, in LaTeX. */
    public String texGradient() {
        return "\\nabla_{" + tex() + "}\\mathcal{L}";
    }

    /** n_k: every quantity of layer k has a row per unit. */
    public int rows(Plan plan, int examples) {
        return plan.units(k);
    }

    /** n_{k−1} for W_k, 1 for b_k, γ_k, β_k, B (the examples) for a_k, â_k and h_k. */
    public int cols(Plan plan, int examples) {
        return switch (kind) {
            case WEIGHT -> plan.units(k - 1);
            case BIAS, GAMMA, BETA -> 1;
            case PRE_ACTIVATION, NORMALIZED, ACTIVATION -> examples;
        };
    }

    /** By kind in {@link Kind}'s order, then by layer. */
    @Override
    public int compareTo(Quantity other) {
        return kind != other.kind ? kind.compareTo(other.kind) : Integer.compare(k, other.k);
    }

    @Override
    public String toString() {
        return label();
    }

    private static String labelLetter(Kind kind) {
        return switch (kind) {
            case WEIGHT -> "W";
            case BIAS -> "b";
            case GAMMA -> "gamma";
            case BETA -> "beta";
            case PRE_ACTIVATION -> "a";
            case NORMALIZED -> "ahat";
            case ACTIVATION -> "h";
        };
    }

    private static String textLetter(Kind kind) {
        return switch (kind) {
            case WEIGHT -> "W";
            case BIAS -> "b";
            case GAMMA -> "γ";
            case BETA -> "β";
            case PRE_ACTIVATION -> "a";
            case NORMALIZED -> "â";
            case ACTIVATION -> "h";
        };
    }
}
