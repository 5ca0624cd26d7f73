package netgrad.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import netgrad.plan.Compilation;
import netgrad.plan.Compiler;

class DiagnosticTest {
    @Test
    void rendersHeadlineSourceLineAndCaretUnderTheWord() {
        Compilation c = Compiler.compile("specs/x.net",
                "network x {\n  input 4\n  hidden 3 sigmod\n  output 2 softmax\n  loss cross_entropy\n}\n");
        assertThat(c.render()).isEqualTo("""
                specs/x.net:3:12: error: unknown activation 'sigmod' (did you mean 'sigmoid'?)
                  hidden 3 sigmod
                           ^~~~~~
                """);
    }

    @Test
    void caretCopiesTabsSoItLinesUpInATerminal() {
        SourceText source = new SourceText("t.net", "network x {\n\thidden\t3 sigmod\n");
        Diagnostic d = new Diagnostic(new SourcePos("t.net", 2, 11), 6, "unknown activation 'sigmod'");
        assertThat(d.render(source)).isEqualTo("t.net:2:11: error: unknown activation 'sigmod'\n"
                + "\thidden\t3 sigmod\n"
                + "\t      \t  ^~~~~~");
    }

    @Test
    void fileLevelErrorHasNoPositionOrSourceLine() {
        Diagnostic d = new Diagnostic(new SourcePos("gone.net", 0, 0), 1, "no such file");
        assertThat(d.render(null)).isEqualTo("gone.net: error: no such file");
    }

    @Test
    void errorsAreListedInSourceOrder() {
        Diagnostics diagnostics = new Diagnostics("f.net");
        diagnostics.error(5, 1, 1, "later");
        diagnostics.error(2, 9, 1, "second");
        diagnostics.error(2, 3, 1, "first");
        assertThat(diagnostics.list()).extracting(Diagnostic::message).containsExactly("first", "second", "later");
    }
}
