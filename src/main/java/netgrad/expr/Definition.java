package netgrad.expr;

import netgrad.source.SourcePos;

/**
 * A user's activation as its author wrote it: g(parameter) = body, and g′ as they derived it
 * .
 *
 * @param name       the name layers use, e.g. {@code swish}
 * @param parameter  the parameter's name as written, e.g. {@code z}
 * @param body       g(z)
 * @param derivative g′(z), the author's claim
 * @param derivativePos where g′ is written in the spec, for messages about it
 * @param derivativeLength the columns g′ spans on its line
 */
public record Definition(String name, String parameter, Expr body, Expr derivative, SourcePos derivativePos,
                         int derivativeLength) {
    /** g(z) as text, e.g. {@code z·logistic(z)}. */
    public String bodyText() {
        return Printer.text(body, parameter);
    }

    /** g′(z) as text. */
    public String derivativeText() {
        return Printer.text(derivative, parameter);
    }
}
