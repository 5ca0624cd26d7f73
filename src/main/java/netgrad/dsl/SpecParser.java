package netgrad.dsl;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

import netgrad.dsl.antlr.NetLexer;
import netgrad.dsl.antlr.NetParser;

/**
 * The parse facade: text → {@link Ast.Network}. ANTLR's console error listeners are removed; syntax
 * errors are collected (all of them, thanks to ANTLR's recovery) as {@link Diagnostic}s in plain words.
 */
public final class SpecParser {
    private SpecParser() {}

    /**
     * Parses {@code source}.
     *
     * @return the syntax tree, or null when there were syntax errors (all added to {@code diagnostics})
     */
    public static Ast.Network parse(SourceText source, Diagnostics diagnostics) {
        NetLexer lexer = new NetLexer(CharStreams.fromString(source.text(), source.file()));
        lexer.removeErrorListeners(); // the lexer cannot fail: stray characters become ERROR_CHAR tokens
        NetParser parser = new NetParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrors(diagnostics));
        int before = diagnostics.list().size();
        NetParser.SpecContext tree = parser.spec();
        if (diagnostics.list().size() > before || tree.definition() == null) {
            return null;
        }
        return new AstBuilder(source.file()).network(tree.definition());
    }
}
