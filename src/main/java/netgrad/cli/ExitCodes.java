package netgrad.cli;

/** The exit codes of every netgrad command (also listed in --help and README.md). */
public final class ExitCodes {
    private ExitCodes() {}

    /** Everything worked; for verify, all gradients agree. */
    public static final int OK = 0;
    /** Gradients disagree (verify), a run failed (train diverged), or an output file could not be written. */
    public static final int FAILED = 1;
    /** verify: everything compared agrees, but the check could not have seen some mistake (see the report). */
    public static final int INCONCLUSIVE = 3;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The spec or a data/weights file is invalid or missing. */
    public static final int INVALID_INPUT = 65;
    /** A bug in netgrad itself. */
    public static final int INTERNAL = 70;

    /** The text every command's --help ends with. */
    public static final String FOOTER = "%nExit codes:%n"
            + "  0   success (verify: agree)%n"
            + "  1   gradients disagree (verify; yours are wrong), the run failed (train), or a write failed%n"
            + "  2   usage error (also: an output's directory does not exist)%n"
            + "  3   inconclusive (verify: no mistake seen, but some could not show)%n"
            + "  65  invalid spec, data or weights file, or too big for the heap%n"
            + "  70  internal error (a bug in netgrad: please report it)%n";
}
