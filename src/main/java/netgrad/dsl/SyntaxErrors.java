package netgrad.dsl;

import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import netgrad.dsl.antlr.NetParser;
import netgrad.source.Diagnostics;

/**
 * ANTLR's error recovery with our own messages: instead of "mismatched input 'x' expecting {...}" each
 * syntax error says in a plain sentence what was expected where, e.g. "expected a layer width after
 * 'hidden', found the end of the line". Errors go straight into the file's {@link Diagnostics}.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    static final String ACTIVATIONS = "logistic, tanh, relu, leaky_relu, identity or softplus";
    static final String OUTPUTS = "softmax, identity or logistic";
    static final String LOSSES = "cross_entropy, binary_cross_entropy or squared_error";
    static final String SCHEMES = "random, xavier or he";
    static final String STATEMENTS = "input, hidden, output, loss, init, decay, repeat and train";

    private final Diagnostics diagnostics;

    SyntaxErrors(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Line-based recovery inside blocks: a token that cannot start a statement (or setting) is reported
     * once and the rest of its line skipped, so the statements after it still parse. (ANTLR's own sync
     * would leave the block, because a block may end there, and then skip the whole block.)
     */
    @Override
    public void sync(Parser parser) throws RecognitionException {
        ParserRuleContext ctx = parser.getContext();
        if (!inErrorRecoveryMode(parser)
                && (ctx instanceof NetParser.BlockContext || ctx instanceof NetParser.SettingsContext)) {
            TokenStream tokens = parser.getInputStream();
            int la = tokens.LA(1);
            IntervalSet starts = parser.getATN().nextTokens(parser.getATN().states.get(parser.getState()));
            if (!starts.contains(la) && la != NetParser.RBRACE && la != Token.EOF) {
                report(parser, tokens.LT(1), starts);
                while (!endsLine(tokens.LA(1))) {
                    parser.consume();
                }
                return;
            }
        }
        super.sync(parser);
    }

    private static boolean endsLine(int type) {
        return type == NetParser.NL || type == NetParser.SEMI || type == NetParser.RBRACE || type == Token.EOF;
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), parser.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        if (e instanceof NoViableAltException noViable) {
            reportNoViableAlternative(parser, noViable);
        } else if (e instanceof InputMismatchException mismatch) {
            reportInputMismatch(parser, mismatch);
        } else {
            report(parser, e.getOffendingToken(), parser.getExpectedTokens());
        }
    }

    private void report(Parser parser, Token found, IntervalSet expected) {
        TokenStream tokens = parser.getInputStream();
        Token previous = previous(tokens, found);
        int line = found.getLine();
        int column = found.getCharPositionInLine() + 1;
        int length = found.getType() == Token.EOF || found.getType() == NetParser.NL
                ? 1 : found.getText().codePointCount(0, found.getText().length());
        if (found.getType() == Token.EOF && previous != null) {
            // Point just past the last token rather than at an empty line after the file's end.
            line = previous.getLine();
            column = previous.getCharPositionInLine() + 1 + previous.getText().codePointCount(0, previous.getText().length());
        }
        diagnostics.error(line, Math.max(1, column), length, message(parser.getContext(), found, previous, expected,
                lineBefore(tokens, found)));
    }

    static String message(ParserRuleContext ctx, Token found, Token previous, IntervalSet expected, String before) {
        String what = describe(found);
        String after = before.isEmpty() ? "" : " after '" + before + "'";
        if (found.getType() == NetParser.ERROR_CHAR) {
            return "unexpected character " + quoteCharacter(found.getText());
        }
        if (found.getType() == Token.EOF && ctx instanceof NetParser.SpecContext && previous == null
                && found.getTokenIndex() == 0) {
            return "empty spec: expected 'network NAME { ... }'";
        }
        if (expected.contains(NetParser.NETWORK)) {
            return "expected 'network NAME {' to start the spec, found " + what;
        }
        if (found.getType() == Token.EOF && expected.contains(NetParser.RBRACE)) {
            Token open = opener(ctx);
            return "expected '}' to close the block opened at line " + (open == null ? "?" : open.getLine())
                    + ", found the end of the file";
        }
        String wanted = expectation(ctx, previous, expected);
        if (wanted != null) {
            return "expected " + wanted + after + ", found " + what;
        }
        if (expected.contains(Token.EOF)) {
            return "unexpected " + what + " after the end of the network (a spec holds one network)";
        }
        boolean sameLine = previous != null && previous.getLine() == found.getLine();
        if (expected.contains(NetParser.HIDDEN_KW)) {
            return sameLine ? "unexpected " + what + after + " (one statement per line)"
                    : "unexpected " + what + " (a network block holds " + STATEMENTS + ")";
        }
        if (ctx instanceof NetParser.SettingsContext || ctx instanceof NetParser.TrainContext) {
            return sameLine ? "unexpected " + what + after + " (one setting per line)"
                    : "unexpected " + what + " (a train block holds settings such as 'epochs 10')";
        }
        return "unexpected " + what + after;
    }

    /** What the parser wanted next, as a noun phrase, or null when no single thing was wanted. */
    private static String expectation(ParserRuleContext ctx, Token previous, IntervalSet expected) {
        int prev = previous == null ? -1 : previous.getType();
        if (expected.contains(NetParser.NUMBER) && !expected.contains(NetParser.ID)) {
            return switch (prev) {
                case NetParser.INPUT -> "the input size";
                case NetParser.HIDDEN_KW, NetParser.OUTPUT -> "a layer width";
                case NetParser.DECAY -> "the weight decay λ";
                case NetParser.REPEAT -> "a repeat count";
                case NetParser.LPAREN -> "a parameter";
                default -> "a number";
            };
        }
        if (expected.contains(NetParser.NUMBER) && ctx instanceof NetParser.SettingContext) {
            return "a value";
        }
        if (expected.contains(NetParser.ID) && !expected.contains(NetParser.HIDDEN_KW)) {
            if (ctx instanceof NetParser.HiddenContext || ctx instanceof NetParser.ActivationContext) {
                return "an activation (" + ACTIVATIONS + ")";
            }
            if (ctx instanceof NetParser.OutputContext) {
                return "an output function (" + OUTPUTS + ")";
            }
            if (ctx instanceof NetParser.LossContext) {
                return "a loss (" + LOSSES + ")";
            }
            if (ctx instanceof NetParser.InitContext && prev == NetParser.INIT) {
                return "an initialisation scheme (" + SCHEMES + ")";
            }
            if (ctx instanceof NetParser.DefinitionContext) {
                return "a network name";
            }
        }
        if (expected.contains(NetParser.RPAREN) && prev != -1) {
            return "')'";
        }
        if (expected.contains(NetParser.LBRACE)) {
            return "'{'";
        }
        return null;
    }

    /** The '{' of the innermost block around {@code ctx}. */
    private static Token opener(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (c instanceof NetParser.DefinitionContext d && d.LBRACE() != null) {
                return d.LBRACE().getSymbol();
            }
            if (c instanceof NetParser.RepeatContext r && r.LBRACE() != null) {
                return r.LBRACE().getSymbol();
            }
            if (c instanceof NetParser.TrainContext t && t.LBRACE() != null) {
                return t.LBRACE().getSymbol();
            }
        }
        return null;
    }

    /** The last token before {@code found} that is not a line end, or null. */
    private static Token previous(TokenStream tokens, Token found) {
        for (int i = found.getTokenIndex() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.getType() != NetParser.NL && t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t;
            }
        }
        return null;
    }

    /**
     * The words written before {@code found} on its line, e.g. "hidden 3" (or on the previous line with
     * words when {@code found} starts a line), joined by single spaces.
     */
    private static String lineBefore(TokenStream tokens, Token found) {
        int i = found.getTokenIndex() - 1;
        if (found.getType() != NetParser.NL) {
            while (i >= 0 && tokens.get(i).getType() == NetParser.NL) {
                i--;
            }
        }
        List<String> words = new ArrayList<>();
        for (; i >= 0 && !endsWords(tokens.get(i).getType()); i--) {
            words.add(0, tokens.get(i).getText());
        }
        return String.join(" ", words).replace("- ", "-").replace(" (", "(").replace("( ", "(").replace(" )", ")");
    }

    /** The tokens of {@code tree} as written words, e.g. "hidden 3 leaky_relu(0.1)". */
    static String words(ParseTree tree) {
        List<String> words = new ArrayList<>();
        collect(tree, words);
        return join(words);
    }

    private static void collect(ParseTree tree, List<String> words) {
        if (tree instanceof TerminalNode leaf) {
            words.add(leaf.getText());
        }
        for (int c = 0; c < tree.getChildCount(); c++) {
            collect(tree.getChild(c), words);
        }
    }

    /** Words joined by spaces, written back tight where the spec would be: -0.5, leaky_relu(0.1). */
    private static String join(List<String> words) {
        return String.join(" ", words).replace("- ", "-").replace(" (", "(").replace("( ", "(").replace(" )", ")");
    }

    private static boolean endsWords(int type) {
        return type == NetParser.NL || type == NetParser.SEMI || type == NetParser.LBRACE || type == NetParser.RBRACE;
    }

    static String describe(Token token) {
        return switch (token.getType()) {
            case Token.EOF -> "the end of the file";
            case NetParser.NL -> "the end of the line";
            default -> "'" + token.getText() + "'";
        };
    }

    private static String quoteCharacter(String text) {
        int c = text.codePointAt(0);
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", c) : "'" + text + "'";
    }
}
