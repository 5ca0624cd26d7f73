package netgrad.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import netgrad.cli.Main;

/** A netgrad command run in-process, as the tests see it: its exit code and everything it printed on each stream. */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
