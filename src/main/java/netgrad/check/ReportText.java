package netgrad.check;

import java.util.ArrayList;
import java.util.List;
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
        return render(r, null);
    }

    /**
     * The report; {@code weights} says where θ came from (printed in the header), or null.
     * The step table is at most 80 columns, with the verdict right after the step's name.
     */
    public static String render(VerifyReport r, String weights) {
        StringBuilder out = new StringBuilder();
        Plan plan = r.plan();
        Tolerances tol = r.tolerances();
        String source = plan.pos() != null && plan.pos().line() > 0 ? plan.pos().file() + " (network " + plan.name() + ")"
                : plan.name();
        prose(out, "netgrad verify %s", source);
        prose(out, "  %s, %s, λ = %s", architecture(plan), plan.loss().keyword(), number(plan.weightDecay()));
        prose(out, "  %,d parameters, batch of %d examples; mode %s (%s)", plan.parameterCount(), r.examples(),
                r.mode().keyword(), r.mode() == Mode.SAMPLED ? r.samples() + " entries per quantity, seeded" : r.mode().description());
        if (weights != null) {
            prose(out, "  weights: %s", weights);
        }
        String eps = r.mode() == Mode.DIRECTIONAL ? "ε = " + number(tol.step()) + " along a unit direction u"
                : "ε = " + number(tol.step()) + "·max(1,|v|)";
        prose(out, "  finite differences: central, %s; rounding noise %s on a parameter", eps, number(r.fdFloor()));
        prose(out, "  agree: |x−y|/max(|x|,|y|) ≤ %s (backprop↔tape) or %s (vs fd), or |x−y| ≤ floor",
                number(tol.tapeTolerance()), number(tol.fdTolerance()));
        prose(out, "  floor: %s × the quantity's largest |entry|, at least 𝜖·max(1,|L|); against fd, at least "
                + "their noise", number(tol.floor()));
        double[] l = r.losses();
        prose(out, "  loss L: backprop %s, tape %s, finite differences %s: %s", exact(l[0]), exact(l[1]), exact(l[2]),
                r.lossAgrees() ? "agree" : "DISAGREE");
        out.append('\n');
        line(out, "%-7s %-13s %-11s %7s  %-11s %-11s %s", "step", "verdict", "shape", "entries", "bp↔tape", "bp↔fd",
                "tape↔fd");
        for (QuantityCheck c : r.checks()) {
            if (c.verdict() == QuantityCheck.Verdict.MISSING) {
                line(out, "%-7s %-13s %-11s %7s  %s", c.step().symbol(), "MISSING", c.shape(), "-", c.note());
                continue;
            }
            line(out, "%-7s %-13s %-11s %7d  %-11s %-11s %s", c.step().symbol(), verdict(c), c.shape(), c.checked(),
                    error(c, Pair.BACKPROP_TAPE), error(c, Pair.BACKPROP_FD), error(c, Pair.TAPE_FD));
        }
        prose(out, "(each pair: the worst relative error, or Δ = the largest |x−y| when all lie below the floor)");
        out.append('\n');
        exercise(out, r);
        power(out, r.power());
        int total = r.checks().size();
        switch (r.verdict()) {
            case AGREE -> {
                prose(out, "verdict: agree. All %d gradients agree (%,d entries compared, %d kinks skipped): "
                        + "backprop = tape = fd.", total, r.entriesChecked(), r.kinks());
                prose(out, "largest |x−y|: backprop↔tape %s, backprop↔fd %s, tape↔fd %s",
                        number(r.largestDifference(Pair.BACKPROP_TAPE)), number(r.largestDifference(Pair.BACKPROP_FD)),
                        number(r.largestDifference(Pair.TAPE_FD)));
            }
            case INCONCLUSIVE -> {
                prose(out, "verdict: INCONCLUSIVE. Everything compared agrees (%,d entries), but this check could not "
                        + "have seen every mistake:", r.entriesChecked());
                for (String why : r.inconclusiveBecause()) {
                    prose(out, "  - %s", why);
                }
                prose(out, "what to do: try another --seed or a larger --batch, other --weights, or a larger init scale "
                        + "(or relu → leaky_relu where units are dead).");
            }
            case DISAGREE -> {
                if (!r.lossAgrees()) {
                    prose(out, "FIRST WRONG STEP: the forward pass: the three engines compute different losses L.");
                    if (r.firstWrongStep().isEmpty() && r.blame() != null) {
                        for (String sentence : r.blame().sentences()) {
                            prose(out, "  %s.", sentence);
                        }
                    }
                }
                r.firstWrongStep().ifPresent(c -> firstWrong(out, c, r.blame()));
                prose(out, "verdict: DISAGREE. %d of %d gradients disagree%s%s.", r.failingQuantities(), total,
                        r.lossAgrees() ? "" : ", and the losses disagree",
                        r.failingQuantities() > 1 ? " (steps computed from a wrong one inherit its error: fix the first)" : "");
            }
        }
        return out.toString();
    }

    private static void exercise(StringBuilder out, VerifyReport r) {
        List<Exercise> partly = r.exercised().stream().filter(e -> e.inactive() > 0).toList();
        if (r.exercised().isEmpty()) {
            return;
        }
        if (partly.isEmpty()) {
            prose(out, "exercised: every hidden unit passes gradient on this batch (none dead, none saturated).");
            return;
        }
        int shown = Math.min(partly.size(), 4);
        for (int i = 0; i < shown; i++) {
            prose(out, "exercised: %s (%.0f%%).", partly.get(i).sentence(), 100 * partly.get(i).fraction());
        }
        if (partly.size() > shown) {
            prose(out, "exercised: and %d more layers with dead or saturated units.", partly.size() - shown);
        }
    }

    private static void power(StringBuilder out, Power power) {
        if (power == null) {
            return;
        }
        long notApplicable = power.outcomes().size() - power.planted();
        prose(out, "power: %d of %d planted mistakes caught%s.", power.caught(), power.planted(),
                notApplicable == 0 ? "" : " (" + notApplicable + " of the catalogue cannot occur here; see --self-test)");
        for (Power.Outcome o : power.missed()) {
            prose(out, "  missed: %s: %s", o.mutant().description(), o.reason());
        }
    }

    private static void firstWrong(StringBuilder out, QuantityCheck c, Blame blame) {
        Step s = c.step();
        prose(out, "FIRST WRONG STEP: %s   (loop iteration k = %d, layer %d%s)", s.formula(), s.iteration(), s.layer(),
                location(s.pos()));
        if (c.verdict() == QuantityCheck.Verdict.MISSING) {
            prose(out, "  %s.", c.note());
            return;
        }
        if (blame != null) {
            for (String sentence : blame.sentences()) {
                prose(out, "  %s.", sentence);
            }
        }
        Entry e = c.worst();
        if (e != null) {
            prose(out, "  worst entry %s: backprop %s, tape %s, finite differences %s", index(e), value(e.backprop()),
                    value(e.tape()), value(e.fd()));
        }
    }

    /** "4-3-3-2 (logistic, tanh → softmax)"; runs summarised: "2-2×1000-2 (tanh ×999, relu → softmax)". */
    static String architecture(Plan plan) {
        List<String> sizes = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        for (Layer layer : plan.layers()) {
            if (layer instanceof Layer.Hidden hidden) {
                sizes.add(Integer.toString(layer.units()));
                functions.add(hidden.activation().keyword());
            }
        }
        String hidden = functions.isEmpty() ? "" : runs(functions, ", ", " ×") + " → ";
        String middle = sizes.isEmpty() ? "" : runs(sizes, "-", "×") + "-";
        return plan.inputSize() + "-" + middle + plan.output().units() + " (" + hidden + plan.output().function().keyword()
                + ")";
    }

    /** Joins items, writing a run of n ≥ 3 equal items as item + mark + n. */
    static String runs(List<String> items, String separator, String mark) {
        StringJoiner out = new StringJoiner(separator);
        for (int i = 0; i < items.size(); ) {
            int j = i;
            while (j < items.size() && items.get(j).equals(items.get(i))) {
                j++;
            }
            if (j - i >= 3) {
                out.add(items.get(i) + mark + (j - i));
            } else {
                for (int t = i; t < j; t++) {
                    out.add(items.get(t));
                }
            }
            i = j;
        }
        return out.toString();
    }

    static String location(SourcePos pos) {
        return pos == null || pos.line() <= 0 ? "" : ", " + pos.file() + ":" + pos.line();
    }

    private static String verdict(QuantityCheck c) {
        if (!c.agrees()) {
            return "DISAGREE";
        }
        if (c.verdict() == QuantityCheck.Verdict.NOT_EXERCISED) {
            return "not exercised";
        }
        return c.kinks() > 0 ? "ok (" + c.kinks() + " kink" + (c.kinks() == 1 ? "" : "s") + ")" : "ok";
    }

    private static String error(QuantityCheck c, Pair p) {
        QuantityCheck.PairResult result = c.pairs().get(p);
        if (result == null) {
            return "-";
        }
        String e = result.worstError() == 0 ? "Δ " + (result.largestDifference() == 0 ? "0" : number(result.largestDifference()))
                : String.format(Locale.ROOT, "%.1e", result.worstError());
        return result.failures() > 0 ? e + " ✗" : e;
    }

    private static String index(Entry e) {
        return e.row() < 0 ? "∇·u" : "[" + e.row() + "," + e.col() + "]";
    }

    /** 17 significant digits: enough to tell any two doubles apart. */
    static String exact(double v) {
        return String.format(Locale.ROOT, "%.17g", v);
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
