package netgrad.check;

import java.util.List;
import java.util.Locale;

import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;

/**
 * {@code verify --self-test}: the detailed table of the power every verify run measures ({@link Power}): the
 * correct backprop must pass, and each mistake of the catalogue that applies must fail at the step it changes first.
 */
public final class SelfTest {
    /** The correct backprop's report (its power holds every mistake's outcome). */
    public record Result(VerifyReport baseline) {
        public List<Power.Outcome> outcomes() {
            return baseline.power().outcomes();
        }

        /** The correct backprop agrees, and every applicable mistake is caught at its step. */
        public boolean passed() {
            return baseline.agrees() && baseline.power().missed().isEmpty();
        }
    }

    private SelfTest() {}

    public static Result run(Plan plan, Parameters theta, Batch batch, Verifier.Options options) {
        return new Result(Engines.verify(plan, theta, batch, options));
    }

    /** The table: at most 100 columns, the description wrapped under its own column. */
    public static String render(Result result) {
        StringBuilder out = new StringBuilder();
        VerifyReport base = result.baseline();
        out.append(String.format(Locale.ROOT, "self-test on %s: plant each mistake of the catalogue into backprop;%n",
                base.plan().name()));
        out.append("verify must catch each at the step it changes first (the same data as every run's power)\n\n");
        out.append(String.format(Locale.ROOT, "  correct backprop: %s%n%n", base.agrees() ? "all gradients agree (as they must)"
                : "DISAGREES (" + base.firstWrongStep().map(c -> c.step().formula()).orElse("the losses differ") + ")"));
        String row = "  %-10s %-11s %-13s %s%n";
        out.append(String.format(Locale.ROOT, row, "planted in", "verify says", "result", "mistake"));
        String indent = " ".repeat(2 + 10 + 1 + 11 + 1 + 13 + 1);
        for (Power.Outcome o : result.outcomes()) {
            String expected = o.applicable() ? o.expected().gradientText() : "-";
            String reported = !o.applicable() ? "-" : o.reported() == null ? "all agree" : o.reported().gradientText();
            String verdict = !o.applicable() ? "cannot occur" : o.caught() ? "caught" : "MISSED";
            List<String> lines = wrap(o.mutant().description(), 100 - indent.length());
            out.append(String.format(Locale.ROOT, row, expected, reported, verdict, lines.get(0)));
            for (String more : lines.subList(1, lines.size())) {
                out.append(indent).append(more).append('\n');
            }
            if (!o.reason().isEmpty()) {
                for (String more : wrap((o.applicable() ? "why: " : "because ") + o.reason(), 100 - indent.length())) {
                    out.append(indent).append(more).append('\n');
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%n%d of %d planted mistakes caught at the step they change first%s.%n",
                base.power().caught(), base.power().planted(), result.passed() ? "" : ": the self-test FAILED"));
        return out.toString();
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        String rest = text;
        while (rest.codePointCount(0, rest.length()) > width) {
            int cut = rest.lastIndexOf(' ', rest.offsetByCodePoints(0, width));
            if (cut <= 0) {
                break;
            }
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut + 1);
        }
        lines.add(rest);
        return lines;
    }
}
