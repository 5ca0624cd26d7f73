package netgrad.problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import netgrad.io.WeightFiles;
import netgrad.linalg.Matrix;
import netgrad.model.Batch;
import netgrad.model.Masks;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.problem.ProblemFile.InvalidProblemException;

/**
 * The arrays of batch normalisation and dropout in a problem file, beside W_k, b_k, x and y:
 * <pre>
 *   gamma_k, beta_k   γ_k, β_k (n_k: a column in the lecture layout, 1-D in the rows layout)
 *   eps_k             batch norm's ε of layer k (a 0-D scalar, the spec's value)
 *   m_k               dropout's mask of layer k, 0 or 1 per unit and example (n_k × B; B × n_k in the rows layout)
 *   p_k               dropout's p of layer k (a 0-D scalar, the spec's value)
 * </pre>
 * With them the forward pass is reproducible exactly: â_k = γ_k ⊙ (a_k − μ_k)/√(σ²_k + ε_k) + β_k, μ_k and σ²_k
 * the mean and the biased variance over the B examples, and h_k = m_k ⊙ g(·)/(1 − p_k). Reading refuses, one line
 * each, what does not fit the spec: a misshapen γ_k, β_k or m_k, a mask entry other than 0 and 1, an ε or p other
 * than the spec's, and these arrays for a layer that has no such operation (a problem made for another spec).
 */
final class OperationArrays {
    /** ε and p read back agree with the spec's to this relative difference (float32 round trips allowed). */
    static final double SAME = 1e-6;

    private OperationArrays() {}

    static String epsKey(int k) {
        return "eps" + k;
    }

    static String pKey(int k) {
        return "p" + k;
    }

    /** γ_k = 1 + N(0, σ²), β_k ~ N(0, σ²) for every batch-normalised layer, drawn from {@code random}. */
    static void draw(Plan plan, Parameters theta, Random random, double sigma) {
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                Matrix gamma = theta.gamma(k);
                Matrix beta = theta.beta(k);
                for (int i = 0; i < gamma.size(); i++) {
                    gamma.data[i] = 1 + sigma * random.nextGaussian();
                    beta.data[i] = sigma * random.nextGaussian();
                }
            }
        }
    }

    /** gamma_k, beta_k, eps_k of layer k (in that order), or nothing without batch norm. */
    static Map<String, Matrix> ofLayer(Plan plan, Parameters theta, int k) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        if (k < plan.depth() && plan.batchNorm(k)) {
            out.put(Quantity.gamma(k).npzKey(), theta.gamma(k));
            out.put(Quantity.beta(k).npzKey(), theta.beta(k));
            out.put(epsKey(k), scalar(plan.batchNormEps(k)));
        }
        return out;
    }

    /** m_k, p_k of every dropout layer, the masks in {@code layout}. */
    static Map<String, Matrix> ofBatch(Plan plan, Batch batch, Layout layout) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (int k = 1; k < plan.depth(); k++) {
            Matrix mask = batch.masks().mask(k);
            if (mask != null) {
                out.put(WeightFiles.maskKey(k), layout == Layout.ROWS ? mask.transpose() : mask);
                out.put(pKey(k), scalar(plan.dropout(k)));
            }
        }
        return out;
    }

    /** The names of the 0-D scalars: eps_k, p_k. */
    static List<String> scalars(Plan plan) {
        List<String> out = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) out.add(epsKey(k));
            if (plan.dropout(k) > 0) out.add(pKey(k));
        }
        return out;
    }

    /** The names written 1-D in the rows layout: gamma_k, beta_k. */
    static List<String> vectors(Plan plan) {
        List<String> out = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                out.add(Quantity.gamma(k).npzKey());
                out.add(Quantity.beta(k).npzKey());
            }
        }
        return out;
    }

    /** The masks every dropout layer needs (missing ones are named with W_k, b_k, x, y by the caller). */
    static List<String> required(Plan plan) {
        List<String> out = new ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.dropout(k) > 0) out.add(WeightFiles.maskKey(k));
        }
        return out;
    }

    /**
     * Checks the operations' arrays of a problem read in {@code layout} with B examples and copies γ_k, β_k into θ;
     * returns the masks (Masks.NONE without dropout).
     */
    static Masks read(Path file, Plan plan, Map<String, Matrix> arrays, Layout layout, int examples, Parameters theta)
            throws InvalidProblemException {
        refuseForeign(file, plan, arrays);
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                for (Quantity q : List.of(Quantity.gamma(k), Quantity.beta(k))) {
                    Matrix given = arrays.get(q.npzKey());
                    if (given.size() != plan.units(k) || (given.rows != 1 && given.cols != 1)) {
                        throw new InvalidProblemException(file + ": '" + q.npzKey() + "' has shape " + given.shape()
                                + ", but " + q.text() + " is (" + plan.units(k) + ",) or (" + plan.units(k)
                                + "x1): one per unit of layer " + k);
                    }
                    System.arraycopy(given.data, 0, theta.get(q).data, 0, given.size());
                }
                sameScalar(file, arrays, epsKey(k), plan.batchNormEps(k), "layer " + k + "'s batchnorm eps");
            }
            if (plan.dropout(k) > 0) {
                sameScalar(file, arrays, pKey(k), plan.dropout(k), "layer " + k + "'s dropout p");
            }
        }
        Masks masks = Masks.allocate(plan, examples);
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.dropout(k) > 0) {
                copyMask(file, plan, k, arrays.get(WeightFiles.maskKey(k)), layout, examples, masks.mask(k));
            }
        }
        return masks;
    }

    private static void copyMask(Path file, Plan plan, int k, Matrix given, Layout layout, int examples, Matrix into)
            throws InvalidProblemException {
        String name = WeightFiles.maskKey(k);
        boolean rows = layout == Layout.ROWS;
        int r = rows ? examples : plan.units(k);
        int c = rows ? plan.units(k) : examples;
        if (given.rows != r || given.cols != c) {
            throw new InvalidProblemException(file + ": '" + name + "' has shape " + given.shape() + ", but m_" + k
                    + " is (" + r + "x" + c + ") in the " + layout.keyword() + " layout (one "
                    + (rows ? "row" : "column") + " per example, one " + (rows ? "column" : "row") + " per unit)");
        }
        for (int i = 0; i < given.size(); i++) {
            double v = given.data[i];
            if (v != 0.0 && v != 1.0) {
                throw new InvalidProblemException(file + ": '" + name + "' entry [" + i / given.cols + "," + i % given.cols
                        + "] is " + v + ", but a dropout mask holds only 0 and 1");
            }
        }
        Matrix lecture = rows ? given.transpose() : given;
        System.arraycopy(lecture.data, 0, into.data, 0, into.size());
    }

    /** An ε or p in the file must be one number, the spec's; absent, the spec's is used. */
    private static void sameScalar(Path file, Map<String, Matrix> arrays, String name, double spec, String what)
            throws InvalidProblemException {
        Matrix given = arrays.get(name);
        if (given == null) {
            return;
        }
        if (given.size() != 1) {
            throw new InvalidProblemException(file + ": '" + name + "' has shape " + given.shape() + ", but " + what
                    + " is one number");
        }
        double v = given.data[0];
        if (Math.abs(v - spec) > SAME * Math.abs(spec)) {
            throw new InvalidProblemException(file + ": '" + name + "' is " + v + ", but " + what + " in the spec is "
                    + spec + ": the problem was made for another spec");
        }
    }

    /** gamma_k, beta_k, eps_k, m_k, p_k for a layer without that operation: a problem made for another spec. */
    private static void refuseForeign(Path file, Plan plan, Map<String, Matrix> arrays) throws InvalidProblemException {
        for (String name : arrays.keySet()) {
            String what = null;
            int k = layerOf(name, "gamma", "beta", "eps");
            if (k > 0 && (k >= plan.depth() || !plan.batchNorm(k))) {
                what = "batch norm";
            } else {
                k = layerOf(name, "m", "p");
                if (k > 0 && (k >= plan.depth() || plan.dropout(k) == 0)) {
                    what = "dropout";
                }
            }
            if (what != null) {
                throw new InvalidProblemException(file + ": '" + name + "' belongs to " + what + " in layer " + k
                        + ", but layer " + k + " of " + plan.name() + " has no " + what
                        + ": the problem was made for another spec");
            }
        }
    }

    /** k when {@code name} is one of the prefixes followed by the digits of k ≥ 1, else 0. */
    private static int layerOf(String name, String... prefixes) {
        for (String prefix : prefixes) {
            String rest = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
            if (!rest.isEmpty() && rest.length() <= 6 && rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Math.max(Integer.parseInt(rest), 0);
            }
        }
        return 0;
    }

    private static Matrix scalar(double v) {
        return new Matrix(1, 1, new double[] {v});
    }
}
