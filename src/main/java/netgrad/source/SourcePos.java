package netgrad.source;

/** A place in a spec file: 1-based line and column. {@code file} is the path as the user gave it. */
public record SourcePos(String file, int line, int column) {
    /** A position for plans built in code rather than parsed. */
    public static SourcePos none() {
        return new SourcePos("<code>", 0, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
