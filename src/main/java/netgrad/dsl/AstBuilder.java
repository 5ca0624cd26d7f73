package netgrad.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.ParseTree;

import netgrad.dsl.antlr.NetBaseVisitor;
import netgrad.dsl.antlr.NetParser;
import netgrad.source.Diagnostics;
import netgrad.source.SourcePos;

/**
 * Turns a parse tree without syntax errors into {@link Ast} records: one visitor method per statement
 * shape, every node keeping its 1-based source position.
 */
final class AstBuilder extends NetBaseVisitor<Ast.Statement> {
    private final String file;
    private final Diagnostics diagnostics;
    private final TokenStream tokens;

    AstBuilder(String file, Diagnostics diagnostics, TokenStream tokens) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.tokens = tokens;
    }

    Ast.Network network(NetParser.DefinitionContext ctx, List<Ast.ActivationDef> definitions) {
        return new Ast.Network(name(ctx.name), pos(ctx.NETWORK().getSymbol()), statements(ctx.block()), definitions);
    }

    private List<Ast.Statement> statements(NetParser.BlockContext block) {
        List<Ast.Statement> statements = new ArrayList<>();
        for (NetParser.StatementContext statement : block.statement()) {
            statements.add(visit(statement));
        }
        separated(block);
        return statements;
    }

    @Override
    public Ast.Statement visitInput(NetParser.InputContext ctx) {
        return new Ast.Input(pos(ctx.start), number(ctx.size));
    }

    @Override
    public Ast.Statement visitHidden(NetParser.HiddenContext ctx) {
        NetParser.ActivationContext g = ctx.activation();
        Optional<Ast.Num> parameter = Optional.ofNullable(g.parameter).map(this::number);
        List<Ast.LayerOption> options = new ArrayList<>();
        for (NetParser.OptionContext option : ctx.option()) {
            options.add(new Ast.LayerOption(name(option.key), Optional.ofNullable(option.value).map(this::number)));
        }
        return new Ast.Hidden(pos(ctx.start), number(ctx.width), new Ast.ActivationRef(name(g.name), parameter),
                options);
    }

    @Override
    public Ast.Statement visitOutput(NetParser.OutputContext ctx) {
        return new Ast.Output(pos(ctx.start), number(ctx.width), name(ctx.function));
    }

    @Override
    public Ast.Statement visitLoss(NetParser.LossContext ctx) {
        return new Ast.LossDecl(pos(ctx.start), name(ctx.loss));
    }

    @Override
    public Ast.Statement visitInit(NetParser.InitContext ctx) {
        List<Ast.Option> options = new ArrayList<>();
        for (NetParser.OptionContext option : ctx.option()) {
            if (option.value == null) {
                Token key = option.key;
                Token next = tokens.get(key.getTokenIndex() + 1);
                diagnostics.error(key.getLine(), key.getCharPositionInLine() + 1 + key.getText().length(), 1,
                        "expected a number after '" + SyntaxErrors.words(ctx) + "', found " + SyntaxErrors.describe(next));
            } else {
                options.add(new Ast.Option(name(option.key), number(option.value)));
            }
        }
        return new Ast.InitDecl(pos(ctx.start), name(ctx.scheme), options);
    }

    @Override
    public Ast.Statement visitDecay(NetParser.DecayContext ctx) {
        return new Ast.Decay(pos(ctx.start), number(ctx.lambda));
    }

    @Override
    public Ast.Statement visitRepeat(NetParser.RepeatContext ctx) {
        return new Ast.Repeat(pos(ctx.start), number(ctx.count), statements(ctx.block()));
    }

    @Override
    public Ast.Statement visitTrain(NetParser.TrainContext ctx) {
        List<Ast.Setting> settings = new ArrayList<>();
        separated(ctx.settings());
        for (NetParser.SettingContext setting : ctx.settings().setting()) {
            Ast.Value value = setting.name != null
                    ? new Ast.NameValue(name(setting.name))
                    : new Ast.NumberValue(number(setting.number()));
            settings.add(new Ast.Setting(name(setting.key), value));
        }
        return new Ast.Train(pos(ctx.start), settings);
    }

    @Override
    public Ast.Statement visitUnknown(NetParser.UnknownContext ctx) {
        return new Ast.Unknown(pos(ctx.start), name(ctx.word));
    }

    /** Whether {@code start}, a word after an output or input statement on its line, is a hidden layer's option. */
    private static boolean layerOptionMisplaced(ParserRuleContext previous, Token start) {
        return (previous instanceof NetParser.OutputContext || previous instanceof NetParser.InputContext)
                && (start.getText().equals("batchnorm") || start.getText().equals("dropout"));
    }

    /** Reports a statement (or setting) that follows another on the same line without a ';' between them. */
    private void separated(ParserRuleContext block) {
        ParserRuleContext previous = null;
        for (ParseTree child : block.children == null ? List.<ParseTree>of() : block.children) {
            if (child instanceof NetParser.SepContext) {
                previous = null;
            } else if (child instanceof ParserRuleContext item) {
                if (previous != null && layerOptionMisplaced(previous, item.getStart())) {
                    Token start = item.getStart();
                    String word = start.getText();
                    diagnostics.error(start.getLine(), start.getCharPositionInLine() + 1, word.length(),
                            previous instanceof NetParser.OutputContext
                                    ? "'" + word + "' is for hidden layers: the output's a_L goes to O unchanged"
                                    : "'" + word + "' cannot act on the input: write it after a hidden layer's g");
                } else if (previous != null) {
                    Token start = item.getStart();
                    diagnostics.error(start.getLine(), start.getCharPositionInLine() + 1, start.getText().length(),
                            "unexpected '" + start.getText() + "' after '" + SyntaxErrors.words(previous)
                            + "' (one " + (item instanceof NetParser.SettingContext ? "setting" : "statement")
                            + " per line, or separate them with ';')");
                }
                previous = item;
            }
        }
    }

    private Ast.Num number(NetParser.NumberContext ctx) {
        String text = ctx.getText();
        // The lexer only produces well-formed literals; values beyond the double range become ±∞.
        return new Ast.Num(text, Double.parseDouble(text), pos(ctx.start));
    }

    private Ast.Name name(Token token) {
        return new Ast.Name(token.getText(), pos(token));
    }

    private SourcePos pos(Token token) {
        return new SourcePos(file, token.getLine(), token.getCharPositionInLine() + 1);
    }
}
