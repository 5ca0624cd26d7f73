package netgrad.dsl;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

import netgrad.dsl.antlr.NetLexer;
import netgrad.dsl.antlr.NetParser;
import netgrad.source.Diagnostic;
import netgrad.source.Diagnostics;
import netgrad.source.SourceText;

/**
 * The parse facade: text → {@link Ast.Network}. ANTLR's console error listeners are removed; syntax
 * errors are collected (all of them, thanks to ANTLR's recovery) as {@link Diagnostic}s in plain words.
 */
public final class SpecParser {
    /** The deepest nesting of '{' blocks accepted (network, repeat, train). */
    public static final int MAX_NESTING = 64;

    private SpecParser() {}

    /**
     * Parses {@code source}.
     *
     * @return the syntax tree, or null when there were syntax errors (all added to {@code diagnostics})
     */
    public static Ast.Network parse(SourceText source, Diagnostics diagnostics) {
        NetLexer lexer = new NetLexer(CharStreams.fromString(source.text(), source.file()));
        lexer.removeErrorListeners(); // the lexer cannot fail: stray characters become ERROR_CHAR tokens
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        if (!shallow(tokens, diagnostics)) {
            return null;
        }
        NetParser parser = new NetParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrors(diagnostics));
        int before = diagnostics.list().size();
        NetParser.SpecContext tree = parser.spec();
        if (diagnostics.list().size() > before || tree.definition() == null) {
            return null;
        }
        ExprBuilder definitions = new ExprBuilder(source.file());
        Ast.Network network = new AstBuilder(source.file(), diagnostics, tokens).network(tree.definition(),
                tree.activationDef().stream().map(definitions::definition).toList());
        return diagnostics.list().size() > before ? null : network;
    }

    /**
     * Refuses blocks nested more than {@link #MAX_NESTING} deep before parsing, so no input can exhaust
     * the stack of the recursive-descent parser or the compiler.
     */
    private static boolean shallow(CommonTokenStream tokens, Diagnostics diagnostics) {
        tokens.fill();
        int depth = 0;
        for (Token t : tokens.getTokens()) {
            depth += t.getType() == NetLexer.LBRACE ? 1 : t.getType() == NetLexer.RBRACE ? -1 : 0;
            if (depth > MAX_NESTING) {
                diagnostics.error(t.getLine(), t.getCharPositionInLine() + 1, 1,
                        "blocks nest more than " + MAX_NESTING + " deep");
                return false;
            }
        }
        return true;
    }
}
