package netgrad.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import netgrad.dsl.antlr.NetBaseVisitor;
import netgrad.dsl.antlr.NetParser;
import netgrad.source.SourcePos;

/**
 * Turns the parse tree of an {@code activation} definition into {@link Ast.ActivationDef}: one visitor
 * method per expression shape, each node keeping the position and width of its text.
 */
final class ExprBuilder extends NetBaseVisitor<Ast.Expr> {
    private final String file;

    ExprBuilder(String file) {
        this.file = file;
    }

    Ast.ActivationDef definition(NetParser.ActivationDefContext ctx) {
        Optional<Ast.Expr> derivative = Optional.ofNullable(ctx.derivative).map(this::visit);
        Optional<SourcePos> keyword = Optional.ofNullable(ctx.DERIVATIVE()).map(t -> pos(t.getSymbol()));
        return new Ast.ActivationDef(pos(ctx.start), name(ctx.name), name(ctx.parameter), visit(ctx.body),
                derivative, keyword);
    }

    @Override
    public Ast.Expr visitCall(NetParser.CallContext ctx) {
        List<Ast.Expr> arguments = new ArrayList<>();
        for (NetParser.ExprContext argument : ctx.expr()) {
            arguments.add(visit(argument));
        }
        return new Ast.Call(name(ctx.function), arguments, pos(ctx.start), length(ctx));
    }

    @Override
    public Ast.Expr visitParens(NetParser.ParensContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public Ast.Expr visitLiteral(NetParser.LiteralContext ctx) {
        String text = ctx.getText();
        // The lexer only produces well-formed literals; values beyond the double range become ±∞.
        return new Ast.Literal(new Ast.Num(text, Double.parseDouble(text), pos(ctx.start)), text.length());
    }

    @Override
    public Ast.Expr visitWord(NetParser.WordContext ctx) {
        return new Ast.Word(name(ctx.ID().getSymbol()));
    }

    @Override
    public Ast.Expr visitPower(NetParser.PowerContext ctx) {
        return binary('^', ctx, ctx.expr(0), ctx.expr(1));
    }

    @Override
    public Ast.Expr visitNegate(NetParser.NegateContext ctx) {
        return new Ast.Negate(visit(ctx.expr()), pos(ctx.start), length(ctx));
    }

    @Override
    public Ast.Expr visitProduct(NetParser.ProductContext ctx) {
        return binary(ctx.op.getText().charAt(0), ctx, ctx.expr(0), ctx.expr(1));
    }

    @Override
    public Ast.Expr visitSum(NetParser.SumContext ctx) {
        return binary(ctx.op.getText().charAt(0), ctx, ctx.expr(0), ctx.expr(1));
    }

    private Ast.Expr binary(char op, ParserRuleContext ctx, NetParser.ExprContext left, NetParser.ExprContext right) {
        return new Ast.Binary(op, visit(left), visit(right), pos(ctx.start), length(ctx));
    }

    /** Columns from the first token to the end of the last when both are on one line, else the first's width. */
    private static int length(ParserRuleContext ctx) {
        Token start = ctx.start, stop = ctx.stop;
        if (stop == null || stop.getLine() != start.getLine()) {
            return start.getText().length();
        }
        return stop.getCharPositionInLine() + stop.getText().length() - start.getCharPositionInLine();
    }

    private Ast.Name name(Token token) {
        return new Ast.Name(token.getText(), pos(token));
    }

    private SourcePos pos(Token token) {
        return new SourcePos(file, token.getLine(), token.getCharPositionInLine() + 1);
    }
}
