package netgrad.explain;

import java.io.PrintWriter;
import java.io.StringWriter;

import netgrad.cli.Main;

/** Runs a netgrad command in-process and keeps its exit code and both streams. */
record Run(int exitCode, String out, String err) {
    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
