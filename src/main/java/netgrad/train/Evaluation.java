package netgrad.train;

import java.util.List;

/**
 * Loss, accuracy and confusion matrix of a network on a data set.
 *
 * @param loss      mean per-example loss plus the decay term, as in training
 * @param confusion confusion[t][p] = examples of true class t predicted as p
 */
public record Evaluation(double loss, long[][] confusion, List<String> classNames) {
    public long count() {
        long n = 0;
        for (long[] row : confusion) for (long c : row) n += c;
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < confusion.length; i++) n += confusion[i][i];
        return n;
    }

    /** Fraction of examples whose arg max ŷ is the true class. */
    public double accuracy() {
        long n = count();
        return n == 0 ? Double.NaN : (double) correct() / n;
    }

    /** The confusion matrix as text: one row per true class, one column per predicted class, names abbreviated. */
    public String confusionTable() {
        int k = confusion.length;
        int nameWidth = classNames.stream().mapToInt(String::length).max().orElse(1);
        int cell = 5;
        for (long[] row : confusion) for (long c : row) cell = Math.max(cell, Long.toString(c).length() + 1);
        StringBuilder out = new StringBuilder();
        out.append(" ".repeat(nameWidth + 1));
        for (int p = 0; p < k; p++) {
            out.append(String.format("%" + cell + "s", abbreviate(classNames.get(p), cell - 1)));
        }
        out.append('\n');
        for (int t = 0; t < k; t++) {
            out.append(String.format("%-" + nameWidth + "s ", classNames.get(t)));
            for (int p = 0; p < k; p++) {
                out.append(String.format("%" + cell + "d", confusion[t][p]));
            }
            out.append(String.format("  %5.1f%%%n", 100.0 * confusion[t][t] / Math.max(1, rowSum(t))));
        }
        return out.toString();
    }

    private long rowSum(int t) {
        long n = 0;
        for (long c : confusion[t]) n += c;
        return n;
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }
}
