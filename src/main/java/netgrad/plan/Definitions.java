package netgrad.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netgrad.dsl.Ast;
import netgrad.expr.Definition;
import netgrad.expr.Expr;
import netgrad.expr.Function;
import netgrad.source.Diagnostics;
import netgrad.source.SourcePos;
import netgrad.source.Suggestions;

/**
 * The activations a spec defines, resolved in order: every name in g(z) and g′(z) must be the parameter,
 * {@code e}, {@code pi}, a built-in function ({@link Function}) with the right number of arguments, or an
 * earlier definition. Built-in names resolve first, so a definition may not take one; a definition that no
 * layer (and no used definition) uses is a warning.
 */
final class Definitions {
    /** The constants a definition may name. */
    static final Map<String, Double> CONSTANTS = Map.of("e", Math.E, "pi", Math.PI);

    private final Diagnostics d;
    private final Map<String, Activation.Defined> defined = new LinkedHashMap<>();
    private final Map<String, Ast.ActivationDef> written = new LinkedHashMap<>();
    /** Definition → the earlier definitions it uses. */
    private final Map<String, Set<String>> uses = new LinkedHashMap<>();
    /** Every name the file defines → the line of its first definition, to tell "defined later" apart. */
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private Definitions(Diagnostics d) {
        this.d = d;
    }

    /** Resolves {@code definitions} in order, reporting every mistake in them. */
    static Definitions resolve(List<Ast.ActivationDef> definitions, Diagnostics d) {
        Definitions all = new Definitions(d);
        for (Ast.ActivationDef def : definitions) {
            all.lines.putIfAbsent(def.name().text(), def.pos().line());
        }
        for (Ast.ActivationDef def : definitions) {
            all.define(def);
        }
        return all;
    }

    /** The definition named {@code name}, or null. */
    Activation.Defined get(String name) {
        return defined.get(name);
    }

    /** The names defined, in order. */
    Set<String> names() {
        return written.keySet();
    }

    /** Warns about every definition that neither a layer (named in {@code used}) nor a used definition uses. */
    void warnUnused(Set<String> used) {
        Set<String> reached = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(used);
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (reached.add(name)) {
                todo.addAll(uses.getOrDefault(name, Set.of()));
            }
        }
        for (Ast.ActivationDef def : written.values()) {
            if (!reached.contains(def.name().text())) {
                d.warning(def.name().pos(), def.name().text().length(), "activation '" + def.name().text()
                        + "' is defined but no layer uses it");
            }
        }
    }

    private void define(Ast.ActivationDef def) {
        String name = def.name().text();
        SourcePos at = def.name().pos();
        Ast.ActivationDef earlier = written.get(name);
        if (earlier != null) {
            d.error(at, name.length(), "activation '" + name + "' is already defined at line " + earlier.pos().line());
            return;
        }
        if (Vocabulary.ACTIVATIONS.containsKey(name) || Vocabulary.OUTPUTS.containsKey(name)) {
            d.error(at, name.length(), "'" + name + "' is a built-in " + (Vocabulary.ACTIVATIONS.containsKey(name)
                    ? "activation" : "output function") + "; give your definition another name");
            return;
        }
        if (Function.named(name).isPresent()) {
            d.error(at, name.length(), "'" + name + "' is a built-in function; give your definition another name");
            return;
        }
        written.put(name, def);
        uses.put(name, new LinkedHashSet<>());
        String parameter = def.parameter().text();
        boolean ok = true;
        if (CONSTANTS.containsKey(parameter) || Function.named(parameter).isPresent()) {
            d.error(def.parameter().pos(), parameter.length(), "the parameter '" + parameter + "' would hide the "
                    + (CONSTANTS.containsKey(parameter) ? "constant" : "function") + " " + parameter
                    + "; call it z, x or another name");
            ok = false;
        }
        Expr body = expr(def.body(), def);
        Expr derivative = def.derivative().map(e -> expr(e, def)).orElse(null);
        if (def.derivative().isEmpty()) {
            d.error(at, name.length(), "activation '" + name + "' has no derivative: write 'derivative' and the g'("
                    + parameter + ") you derived after its definition");
        }
        if (ok && body != null && derivative != null) {
            Ast.Expr written = def.derivative().get();
            defined.put(name, new Activation.Defined(
                    new Definition(name, parameter, body, derivative, written.pos(), written.length())));
        }
    }

    /** The resolved expression, or null after reporting every mistake in it. */
    private Expr expr(Ast.Expr e, Ast.ActivationDef def) {
        if (e instanceof Ast.Literal l) {
            return new Expr.Constant(l.number().value(), l.number().text());
        }
        if (e instanceof Ast.Word w) {
            return word(w, def);
        }
        if (e instanceof Ast.Negate n) {
            Expr x = expr(n.operand(), def);
            return x == null ? null : new Expr.Negate(x);
        }
        if (e instanceof Ast.Binary b) {
            Expr left = expr(b.left(), def), right = expr(b.right(), def);
            return left == null || right == null ? null : new Expr.Binary(Expr.Op.of(b.op()), left, right);
        }
        return call((Ast.Call) e, def);
    }

    private Expr word(Ast.Word w, Ast.ActivationDef def) {
        String text = w.name().text();
        String parameter = def.parameter().text();
        if (text.equals(parameter)) {
            return new Expr.Variable();
        }
        if (CONSTANTS.containsKey(text)) {
            return new Expr.Constant(CONSTANTS.get(text), text);
        }
        if (Function.named(text).isPresent() || written.containsKey(text)) {
            error(w, "'" + text + "' is a function: write " + text + "(" + parameter + ")");
        } else {
            List<String> known = List.of(parameter, "e", "pi");
            error(w, "unknown name '" + text + "': the only variable of " + def.name().text() + " is its parameter '"
                    + parameter + "'" + Suggestions.didYouMean(text, known, ""));
        }
        return null;
    }

    private Expr call(Ast.Call c, Ast.ActivationDef def) {
        String name = c.function().text();
        List<Expr> arguments = new ArrayList<>();
        boolean ok = true;
        for (Ast.Expr a : c.arguments()) {
            Expr x = expr(a, def);
            ok &= x != null;
            arguments.add(x);
        }
        Function f = Function.named(name).orElse(null);
        Activation.Defined earlier = defined.get(name);
        int arity = f != null ? f.arity() : 1;
        String what = f != null ? name : "activation " + name;
        if (f == null && earlier == null) {
            SourcePos at = c.function().pos();
            String why;
            if (name.equals(def.name().text())) {
                why = "activation '" + name + "' cannot use itself";
            } else if (written.containsKey(name)) {
                why = "'" + name + "' did not resolve (see its errors above)";
            } else if (lines.containsKey(name)) {
                why = "'" + name + "' is defined later, at line " + lines.get(name)
                        + ": a definition may use only earlier ones";
            } else {
                Set<String> known = new LinkedHashSet<>();
                for (Function g : Function.values()) {
                    known.addAll(g.names());
                }
                known.addAll(defined.keySet());
                why = "unknown function '" + name + "'" + Suggestions.didYouMean(name, known,
                        " (functions: " + String.join(", ", known) + ")");
            }
            d.error(at, name.length(), why);
            return null;
        }
        if (arguments.size() != arity) {
            error(c, what + " takes " + (arity == 1 ? "1 argument" : arity + " arguments") + ", got "
                    + arguments.size());
            return null;
        }
        if (!ok) {
            return null;
        }
        if (f != null) {
            return new Expr.Call(f, arguments);
        }
        uses.get(def.name().text()).add(name);
        return new Expr.Use(earlier.definition(), arguments.get(0));
    }

    private void error(Ast.Expr at, String message) {
        d.error(at.pos(), at.length(), message);
    }
}
