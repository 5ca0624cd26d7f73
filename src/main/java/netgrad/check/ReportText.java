package netgrad.check;

import java.util.Locale;
import java.util.StringJoiner;

import netgrad.check.QuantityCheck.Entry;
import netgrad.check.Tolerances.Pair;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.source.SourcePos;

/** The human-readable verify report: a header, one line per step in backward order, the verdict. */
public final class ReportText {
    private ReportText() {}

    public static String render(VerifyReport r) {
        StringBuilder out = new StringBuilder();
        Plan plan = r.plan();
        Tolerances tol = r.tolerances();
        String source = plan.pos() != null && plan.pos().line() > 0 ? plan.pos().file() + " (network " + plan.name() + ")"
                : plan.name();
        prose(out, "netgrad verify %s", source);
        prose(out, "  %s, %s, λ = %s", architecture(plan), plan.loss().keyword(), number(plan.weightDecay()));
        prose(out, "  %,d parameters, batch of %d examples; mode %s (%s)", plan.parameterCount(), r.examples(),
                r.mode().keyword(), r.mode() == Mode.SAMPLED ? r.samples() + " entries per quantity, seeded" : r.mode().description());
        prose(out, "  (default mode: full up to %,d parameters, sampled above)", Mode.FULL_LIMIT);
        String eps = r.mode() == Mode.DIRECTIONAL ? "ε = " + number(tol.step()) + " along a unit direction u"
                : "ε = " + number(tol.step()) + "·max(1,|v|)";
        prose(out, "  finite differences: central, %s", eps);
        prose(out, "  two values agree when |x−y|/max(|x|,|y|) ≤ %s (backprop↔tape) or %s (vs finite differences),",
                number(tol.tapeTolerance()), number(tol.fdTolerance()));
        prose(out, "  or when |x−y| < floor: %s (backprop↔tape), %s (vs finite differences, ≥ rounding noise)",
                number(tol.floor()), number(r.fdFloor()));
        double[] l = r.losses();
        prose(out, "  loss L: backprop %s, tape %s, finite differences %s: %s", value(l[0]), value(l[1]), value(l[2]),
                r.lossAgrees() ? "agree" : "DISAGREE");
        prose(out, "  (each column: the worst relative error of the pair,");
        prose(out, "   or |Δ| = the largest difference when all lie below the floor)");
        out.append('\n');
        line(out, "%-7s %-9s %8s  %-13s %-13s %-13s %-46s %s", "step", "shape", "entries", Pair.BACKPROP_TAPE.label(),
                Pair.BACKPROP_FD.label(), Pair.TAPE_FD.label(), "worst entry: backprop / tape / fd", "verdict");
        for (QuantityCheck c : r.checks()) {
            if (c.verdict() == QuantityCheck.Verdict.MISSING) {
                line(out, "%-7s %-9s %8s  %s", c.step().symbol(), c.shape(), "-", "MISSING: " + c.note());
                continue;
            }
            line(out, "%-7s %-9s %8d  %-13s %-13s %-13s %-46s %s", c.step().symbol(), c.shape(), c.checked(),
                    error(c, Pair.BACKPROP_TAPE), error(c, Pair.BACKPROP_FD), error(c, Pair.TAPE_FD), worst(c.worst()),
                    verdict(c));
        }
        out.append('\n');
        int total = r.checks().size();
        if (r.agrees()) {
            prose(out, "all %d gradients agree (%,d entries compared, %d kinks skipped): backprop = tape = fd.",
                    total, r.entriesChecked(), r.kinks());
            prose(out, "largest |x−y|: backprop↔tape %s, backprop↔fd %s, tape↔fd %s", number(r.largestDifference(Pair.BACKPROP_TAPE)),
                    number(r.largestDifference(Pair.BACKPROP_FD)), number(r.largestDifference(Pair.TAPE_FD)));
            return out.toString();
        }
        if (!r.lossAgrees()) {
            prose(out, "FIRST WRONG STEP: the forward pass: the three engines compute different losses L.");
        }
        r.firstWrongStep().ifPresent(c -> firstWrong(out, c));
        prose(out, "%d of %d gradients disagree%s%s.", r.failingQuantities(), total, r.lossAgrees() ? "" : ", and the losses disagree",
                r.failingQuantities() > 1 ? " (steps computed from a wrong one inherit its error: fix the first)" : "");
        return out.toString();
    }

    private static void firstWrong(StringBuilder out, QuantityCheck c) {
        Step s = c.step();
        prose(out, "FIRST WRONG STEP: %s   (loop iteration k = %d, layer %d%s)", s.formula(), s.iteration(), s.layer(),
                location(s.pos()));
        if (c.verdict() == QuantityCheck.Verdict.MISSING) {
            prose(out, "  %s.", c.note());
            return;
        }
        String odd = c.oddOneOut();
        if ("backprop".equals(odd)) {
            prose(out, "  backprop disagrees with the tape and with finite differences, which agree with each other:");
            prose(out, "  the bug is in backprop.");
        } else if ("tape".equals(odd)) {
            prose(out, "  the tape disagrees with backprop and with finite differences, which agree with each other:");
            prose(out, "  the bug is in the tape.");
        } else if (odd != null) {
            prose(out, "  backprop and the tape agree with each other but not with finite differences:");
            prose(out, "  try another --step, or look for a kink.");
        } else {
            prose(out, "  the three computations all disagree with each other.");
        }
        Entry e = c.worst();
        if (e != null) {
            prose(out, "  worst entry %s: backprop %s, tape %s, finite differences %s", index(e), value(e.backprop()),
                    value(e.tape()), value(e.fd()));
        }
    }

    /** "4-3-3-2 (logistic, tanh → softmax)". */
    static String architecture(Plan plan) {
        StringJoiner sizes = new StringJoiner("-");
        StringJoiner functions = new StringJoiner(", ");
        sizes.add(Integer.toString(plan.inputSize()));
        for (Layer layer : plan.layers()) {
            sizes.add(Integer.toString(layer.units()));
            if (layer instanceof Layer.Hidden hidden) {
                functions.add(hidden.activation().keyword());
            }
        }
        String hidden = functions.length() == 0 ? "" : functions + " → ";
        return sizes + " (" + hidden + plan.output().function().keyword() + ")";
    }

    static String location(SourcePos pos) {
        return pos == null || pos.line() <= 0 ? "" : ", " + pos.file() + ":" + pos.line();
    }

    private static String verdict(QuantityCheck c) {
        if (!c.agrees()) {
            return "DISAGREE";
        }
        return c.kinks() > 0 ? "ok (" + c.kinks() + " kink" + (c.kinks() == 1 ? "" : "s") + ")" : "ok";
    }

    private static String error(QuantityCheck c, Pair p) {
        QuantityCheck.PairResult result = c.pairs().get(p);
        if (result == null) {
            return "-";
        }
        String e = result.worstError() == 0 ? "|Δ| " + (result.largestDifference() == 0 ? "0" : number(result.largestDifference()))
                : String.format(Locale.ROOT, "%.1e", result.worstError());
        return result.failures() > 0 ? e + " ✗" : e;
    }

    private static String worst(Entry e) {
        if (e == null) {
            return "-";
        }
        return index(e) + " " + value(e.backprop()) + " / " + value(e.tape()) + " / " + value(e.fd());
    }

    private static String index(Entry e) {
        return e.row() < 0 ? "∇·u" : "[" + e.row() + "," + e.col() + "]";
    }

    static String value(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1e", v).replace(".0e", "e");
        }
        return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
    }

    /** Sentences wrap at {@value #WIDTH} columns; continuation lines are indented by four spaces. */
    static final int WIDTH = 100;

    private static void prose(StringBuilder out, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        String indent = "";
        while (text.codePointCount(0, text.length()) > WIDTH) {
            int limit = text.offsetByCodePoints(0, WIDTH);
            int cut = text.lastIndexOf(' ', limit);
            if (cut <= indent.length() + 4 || text.substring(0, cut).isBlank()) {
                break;
            }
            out.append(text, 0, cut).append('\n');
            indent = "    ";
            text = indent + text.substring(cut + 1).stripLeading();
        }
        out.append(text).append('\n');
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
