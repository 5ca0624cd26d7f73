package netgrad.check;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import netgrad.check.QuantityCheck.Entry;
import netgrad.check.QuantityCheck.PairResult;
import netgrad.check.Tolerances.Pair;
import netgrad.plan.Plan;
import netgrad.source.SourcePos;

/**
 * The verify report as one JSON object (for machines: CI, notebooks), indented one member per line.
 * Non-finite numbers are written as null. {@code "verdict"} is "agree", "disagree" or "inconclusive".
 */
public final class ReportJson {
    private ReportJson() {}

    public static String render(VerifyReport r) {
        Plan plan = r.plan();
        Tolerances tol = r.tolerances();
        StringBuilder j = new StringBuilder("{");
        field(j, "network", plan.name()).append(',');
        field(j, "spec", plan.pos() == null ? null : plan.pos().file()).append(',');
        j.append("\"sizes\":[");
        for (int k = 0; k <= plan.depth(); k++) {
            j.append(k == 0 ? "" : ",").append(plan.units(k));
        }
        j.append("],");
        j.append("\"parameters\":").append(plan.parameterCount()).append(',');
        j.append("\"examples\":").append(r.examples()).append(',');
        field(j, "mode", r.mode().keyword()).append(',');
        j.append("\"samples\":").append(r.samples()).append(',');
        number(j, "step", tol.step()).append(',');
        j.append("\"tolerances\":{");
        number(j, "backprop_tape", tol.tapeTolerance()).append(',');
        number(j, "finite_differences", tol.fdTolerance()).append(',');
        number(j, "floor", tol.floor()).append(',');
        number(j, "finite_differences_floor", r.fdFloor()).append("},");
        j.append("\"loss\":{");
        number(j, "backprop", r.losses()[0]).append(',');
        number(j, "tape", r.losses()[1]).append(',');
        number(j, "finite_differences", r.losses()[2]).append(',');
        j.append("\"agree\":").append(r.lossAgrees()).append("},");
        j.append("\"steps\":[");
        for (int i = 0; i < r.checks().size(); i++) {
            j.append(i == 0 ? "" : ",");
            check(j, r.checks().get(i));
        }
        j.append("],");
        j.append("\"entries\":").append(r.entriesChecked()).append(',');
        j.append("\"kinks\":").append(r.kinks()).append(',');
        j.append("\"agree\":").append(r.verdict() == Verdict.AGREE).append(',');
        field(j, "verdict", r.verdict().keyword()).append(',');
        j.append("\"inconclusive_because\":[");
        List<String> why = r.inconclusiveBecause();
        for (int i = 0; i < why.size(); i++) {
            string(j.append(i == 0 ? "" : ","), why.get(i));
        }
        j.append("],\"exercised\":[");
        for (int i = 0; i < r.exercised().size(); i++) {
            Exercise e = r.exercised().get(i);
            j.append(i == 0 ? "" : ",").append("{\"layer\":").append(e.layer()).append(',');
            field(j, "activation", e.activation()).append(",\"units\":").append(e.units()).append(",\"inactive\":")
                    .append(e.inactive()).append(',');
            field(j, "inactive_means", e.word()).append('}');
        }
        j.append("],\"power\":");
        power(j, r.power());
        j.append(",\"blame\":");
        if (r.blame() == null) {
            j.append("null");
        } else {
            j.append('{');
            field(j, "culprit", r.blame().culprit()).append(",\"sentences\":[");
            for (int i = 0; i < r.blame().sentences().size(); i++) {
                string(j.append(i == 0 ? "" : ","), r.blame().sentences().get(i));
            }
            j.append("]}");
        }
        j.append(',');
        j.append("\"first_wrong_step\":");
        if (r.firstWrongStep().isPresent()) {
            QuantityCheck c = r.firstWrongStep().get();
            j.append('{');
            step(j, c.step());
            j.append(',');
            field(j, "odd_one_out", c.oddOneOut()).append('}');
        } else {
            j.append(r.lossAgrees() ? "null" : "{\"quantity\":\"loss\",\"formula\":\"the forward pass\"}");
        }
        return pretty(j.append('}').toString()) + "\n";
    }

    /** The compact JSON re-indented two spaces per level, one member per line (so lines stay short). */
    static String pretty(String compact) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(compact.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    char next = i + 1 < compact.length() ? compact.charAt(i + 1) : ' ';
                    if (next == '}' || next == ']') {
                        out.append(c).append(next);
                        i++;
                    } else {
                        out.append(c).append('\n').append("  ".repeat(++depth));
                    }
                }
                case '}', ']' -> out.append('\n').append("  ".repeat(--depth)).append(c);
                case ',' -> out.append(",\n").append("  ".repeat(depth));
                case ':' -> out.append(": ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void power(StringBuilder j, Power p) {
        if (p == null) {
            j.append("null");
            return;
        }
        j.append("{\"caught\":").append(p.caught()).append(",\"planted\":").append(p.planted()).append(",\"missed\":[");
        List<Power.Outcome> missed = p.missed();
        for (int i = 0; i < missed.size(); i++) {
            Power.Outcome o = missed.get(i);
            j.append(i == 0 ? "" : ",").append('{');
            field(j, "mistake", o.mutant().name().toLowerCase(Locale.ROOT)).append(',');
            field(j, "description", o.mutant().description()).append(',');
            field(j, "expected_step", o.expected().label()).append(',');
            field(j, "reported_step", o.reported() == null ? null : o.reported().label()).append(',');
            field(j, "reason", o.reason()).append('}');
        }
        j.append("],\"not_applicable\":[");
        List<Power.Outcome> na = p.outcomes().stream().filter(o -> !o.applicable()).toList();
        for (int i = 0; i < na.size(); i++) {
            j.append(i == 0 ? "" : ",").append('{');
            field(j, "mistake", na.get(i).mutant().name().toLowerCase(Locale.ROOT)).append(',');
            field(j, "reason", na.get(i).reason()).append('}');
        }
        j.append("]}");
    }

    private static void check(StringBuilder j, QuantityCheck c) {
        j.append('{');
        step(j, c.step());
        j.append(",\"shape\":[").append(c.rows()).append(',').append(c.cols()).append("],");
        j.append("\"entries\":").append(c.checked()).append(',');
        j.append("\"kinks\":").append(c.kinks()).append(',');
        field(j, "verdict", c.verdict().name().toLowerCase(Locale.ROOT)).append(',');
        field(j, "note", c.note()).append(',');
        number(j, "scale", c.scale()).append(',');
        number(j, "finite_differences_noise", c.noise()).append(',');
        j.append("\"pairs\":{");
        boolean first = true;
        for (Map.Entry<Pair, PairResult> e : c.pairs().entrySet()) {
            j.append(first ? "" : ",");
            first = false;
            j.append('"').append(e.getKey().name().toLowerCase(Locale.ROOT)).append("\":{");
            number(j, "worst_relative_error", e.getValue().worstError()).append(',');
            j.append("\"failures\":").append(e.getValue().failures()).append(',');
            number(j, "largest_difference", e.getValue().largestDifference()).append('}');
        }
        j.append("},\"worst_entry\":");
        Entry w = c.worst();
        if (w == null) {
            j.append("null");
        } else {
            j.append("{\"row\":").append(w.row()).append(",\"col\":").append(w.col()).append(',');
            number(j, "backprop", w.backprop()).append(',');
            number(j, "tape", w.tape()).append(',');
            number(j, "finite_differences", w.fd()).append(',');
            j.append("\"kink\":").append(w.kink()).append('}');
        }
        j.append('}');
    }

    private static void step(StringBuilder j, Step s) {
        field(j, "quantity", s.quantity().label()).append(',');
        field(j, "formula", s.formula()).append(',');
        j.append("\"iteration\":").append(s.iteration()).append(',');
        j.append("\"layer\":").append(s.layer()).append(',');
        SourcePos pos = s.pos();
        boolean known = pos != null && pos.line() > 0;
        field(j, "file", known ? pos.file() : null).append(',');
        j.append("\"line\":").append(known ? Integer.toString(pos.line()) : "null");
    }

    private static StringBuilder field(StringBuilder j, String name, String value) {
        j.append('"').append(name).append("\":");
        if (value == null) {
            return j.append("null");
        }
        return string(j, value);
    }

    private static StringBuilder number(StringBuilder j, String name, double value) {
        j.append('"').append(name).append("\":");
        return Double.isFinite(value) ? j.append(value) : j.append("null");
    }

    static StringBuilder string(StringBuilder j, String s) {
        j.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> j.append("\\\"");
                case '\\' -> j.append("\\\\");
                case '\n' -> j.append("\\n");
                case '\r' -> j.append("\\r");
                case '\t' -> j.append("\\t");
                default -> {
                    if (c < 0x20) {
                        j.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        j.append(c);
                    }
                }
            }
        }
        return j.append('"');
    }
}
