package netgrad.check;

import netgrad.plan.Plan;

/** How many finite differences a check takes. */
public enum Mode {
    /** Every entry of every quantity. */
    FULL("full", "every entry"),
    /** N entries per quantity, drawn with a seeded generator. */
    SAMPLED("sampled", "a seeded sample of entries per quantity"),
    /** One random unit direction u per quantity: ∇·u against (L(q + εu) − L(q − εu)) / 2ε (PyTorch's fast mode). */
    DIRECTIONAL("directional", "one random unit direction per quantity");

    /** Plans with at most this many parameters are checked in full by default; larger ones are sampled. */
    public static final long FULL_LIMIT = 100_000;
    /** Entries per quantity in sampled mode by default. */
    public static final int DEFAULT_SAMPLES = 200;

    private final String keyword;
    private final String description;

    Mode(String keyword, String description) {
        this.keyword = keyword;
        this.description = description;
    }

    public String keyword() {
        return keyword;
    }

    public String description() {
        return description;
    }

    /** Full up to {@link #FULL_LIMIT} parameters, sampled above. */
    public static Mode automatic(Plan plan) {
        return plan.parameterCount() <= FULL_LIMIT ? FULL : SAMPLED;
    }
}
