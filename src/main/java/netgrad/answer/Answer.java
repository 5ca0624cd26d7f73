package netgrad.answer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netgrad.io.Npz;
import netgrad.linalg.Matrix;
import netgrad.plan.Plan;

/**
 * A user's answer: an .npz of any subset of {@link Target}s. Each array is kept as given (its layout is decided
 * later, against the reference, by {@link YoursCheck}); what cannot be an answer is refused, one line per array.
 *
 * @param file   where it came from
 * @param arrays the recognised arrays by target, in file order
 * @param names  the name each target was given under
 * @param extra  the problem's own arrays (W1, …, x, y, gamma1, m1, …) repeated in the answer, and batch norm's
 *               intermediates with no step of their own (dxhat1, dvar1, dmu1, {@link Target#isIntermediate}): not
 *               checked
 */
public record Answer(Path file, Map<Target, Matrix> arrays, Map<Target, String> names, List<String> extra) {

    /** An answer that cannot be checked: every line says what is wrong with one array. */
    public static final class InvalidAnswerException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public InvalidAnswerException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Reads {@code file} ({@link Npz#read}: hostile files are refused there) for a network of {@code plan} on a batch
     * of {@code examples}: unknown names, quantities the network lacks, shapes that fit neither layout, NaN or
     * infinite values and two names for one quantity each get a line.
     */
    public static Answer read(Path file, Plan plan, int examples) throws IOException, InvalidAnswerException {
        Map<String, Matrix> raw = Npz.read(file);
        Map<Target, Matrix> arrays = new LinkedHashMap<>();
        Map<Target, String> names = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Matrix> e : raw.entrySet()) {
            String name = e.getKey();
            Matrix m = e.getValue();
            if (Target.isProblemArray(name, plan) || (plan.couplesExamples() && Target.isIntermediate(name))) {
                extra.add(name);
                continue;
            }
            Target t = Target.parse(name);
            if (t == null) {
                problems.add(file + ": '" + name + "': unknown name (use dW1, db1, da1 or dz1, dh1 for gradients; "
                        + "a1, h1, yhat, loss for values" + (hasBatchNorm(plan) ? "; dgamma1, dbeta1, dahat1, mu1, var1, "
                        + "xhat1, ahat1 with batch norm)" : ")"));
                continue;
            }
            if (!t.existsIn(plan)) {
                int k = t.quantity().k();
                problems.add(file + ": '" + name + "': " + (t.ofBatchNorm() && k >= 1 && k < plan.depth()
                        ? "layer " + k + " of " + plan.name() + " has no batch norm, so no " + t.text()
                        : "a network of " + plan.depth() + " layers has no " + t.text()));
                continue;
            }
            if (names.containsKey(t)) {
                problems.add(file + ": '" + name + "' and '" + names.get(t) + "' are both " + t.text() + "; keep one");
                continue;
            }
            int rows = t.rows(plan, examples);
            int cols = t.cols(plan, examples);
            boolean fits = (m.rows == rows && m.cols == cols) || (m.rows == cols && m.cols == rows);
            if (!fits) {
                problems.add(file + ": '" + name + "' has shape " + m.shape() + ", but " + t.text() + " is (" + rows + "x"
                        + cols + ")" + (rows == cols ? "" : " or, transposed, (" + cols + "x" + rows + ")"));
                continue;
            }
            String bad = nonFinite(m);
            if (bad != null) {
                problems.add(file + ": '" + name + "' " + bad);
                continue;
            }
            arrays.put(t, m);
            names.put(t, name);
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswerException(problems);
        }
        if (arrays.isEmpty()) {
            throw new InvalidAnswerException(List.of(file + ": no gradient or forward value to check (name them dW1, db1, "
                    + "da1, dh1, a1, h1, yhat, loss" + (hasBatchNorm(plan) ? ", dgamma1, dbeta1, dahat1" : "") + ")"));
        }
        return new Answer(file, arrays, names, extra);
    }

    private static boolean hasBatchNorm(Plan plan) {
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) return true;
        }
        return false;
    }

    private static String nonFinite(Matrix m) {
        for (int i = 0; i < m.size(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return "entry [" + i / m.cols + "," + i % m.cols + "] is " + m.data[i] + ", not a finite number";
            }
        }
        return null;
    }
}
