package netgrad.check;

/**
 * What verify concludes, with its exit code: AGREE (0) everything compared agrees and the check could have seen
 * every mistake of the catalogue; DISAGREE (1) some comparison fails; INCONCLUSIVE (3) everything compared agrees,
 * but somewhere the check could not have seen a mistake (a quantity not exercised, a dead or saturated layer, a
 * planted mistake missed).
 */
public enum Verdict {
    AGREE("agree", 0), DISAGREE("disagree", 1), INCONCLUSIVE("inconclusive", 3);

    private final String keyword;
    private final int exitCode;

    Verdict(String keyword, int exitCode) {
        this.keyword = keyword;
        this.exitCode = exitCode;
    }

    /** "agree", "disagree" or "inconclusive" (the JSON value). */
    public String keyword() {
        return keyword;
    }

    public int exitCode() {
        return exitCode;
    }
}
