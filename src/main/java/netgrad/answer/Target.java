package netgrad.answer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * What one array of a user's answer holds: the gradient of a quantity (∇W_k, ∇b_k, ∇a_k, ∇h_k; with batch norm
 * ∇γ_k, ∇β_k, ∇â_k), a forward value (a_k, h_k, â_k), batch norm's μ_k, σ²_k or x̂_k, ŷ or the loss L; recognised
 * from the names people use.
 * <pre>
 *   gradients   dW1  dW_1  grad_W1  gradW1  W1_grad  dL_dW1  dLdW1   (W or w; b; a or z; h;
 *                                                                     gamma; beta; ahat, a_hat, zhat or z_hat)
 *   values      a1  z1  a_1  h1  ahat1  a_hat1  yhat  y_hat  loss
 *   batch norm  mu1  mean1  var1  variance1  sigma2_1  xhat1  x_hat1
 * </pre>
 * Batch norm's own intermediates of the backward pass (dxhat1, dmu1, dvar1) have no step of back_propagation; an
 * answer may hold them, and they are listed as not checked ({@link #isIntermediate}).
 *
 * @param role     which of the kinds above
 * @param quantity the quantity (for μ_k, σ²_k and x̂_k: the a_k they are computed from; null for ŷ and the loss)
 */
public record Target(Role role, Quantity quantity) {
    /**
     * A gradient, a forward value, ŷ, the loss, or one of batch norm's forward statistics of a_k: its mean μ_k and
     * biased variance σ²_k over the batch (n_k × 1) and x̂_k = (a_k − μ_k)/√(σ²_k + ε) (n_k × B).
     */
    public enum Role { GRADIENT, VALUE, OUTPUT, LOSS, MEAN, VARIANCE, XHAT }

    private static final String LETTERS = "W|w|b|a|z|h|gamma|beta|ahat|a_hat|zhat|z_hat";
    private static final Pattern GRADIENT = Pattern.compile("(?:d|grad_?|dL_?d|dL_d)(" + LETTERS + ")_?(\\d+)|("
            + LETTERS + ")_?(\\d+)_grad");
    private static final Pattern VALUE = Pattern.compile("(a|z|h|ahat|a_hat|zhat|z_hat)_?(\\d+)");
    private static final Pattern MEAN = Pattern.compile("(?:mu|mean)_?(\\d+)");
    private static final Pattern VARIANCE = Pattern.compile("(?:var|variance)_?(\\d+)|sigma2_(\\d+)");
    private static final Pattern XHAT = Pattern.compile("(?:xhat|x_hat)_?(\\d+)");
    private static final Pattern INTERMEDIATE = Pattern.compile("(?:d|grad_?|dL_?d|dL_d)(?:xhat|x_hat|mu|mean|var|"
            + "variance|sigma2_)_?\\d+|(?:xhat|x_hat|mu|mean|var|variance)_?\\d+_grad");
    private static final Pattern OPERATION = Pattern.compile("(m|p|eps)(\\d{1,6})");

    /** The target named {@code name} (null when the name means nothing here); quantities not checked against a plan. */
    public static Target parse(String name) {
        if (name.equals("yhat") || name.equals("y_hat")) {
            return new Target(Role.OUTPUT, null);
        }
        if (name.equals("loss")) {
            return new Target(Role.LOSS, null);
        }
        Matcher g = GRADIENT.matcher(name);
        if (g.matches()) {
            String letter = g.group(1) != null ? g.group(1) : g.group(3);
            String k = g.group(2) != null ? g.group(2) : g.group(4);
            return of(Role.GRADIENT, quantity(letter, k));
        }
        Matcher v = VALUE.matcher(name);
        if (v.matches()) {
            return of(Role.VALUE, quantity(v.group(1), v.group(2)));
        }
        Matcher mean = MEAN.matcher(name);
        if (mean.matches()) {
            return of(Role.MEAN, quantity("a", mean.group(1)));
        }
        Matcher var = VARIANCE.matcher(name);
        if (var.matches()) {
            return of(Role.VARIANCE, quantity("a", var.group(1) != null ? var.group(1) : var.group(2)));
        }
        Matcher xhat = XHAT.matcher(name);
        if (xhat.matches()) {
            return of(Role.XHAT, quantity("a", xhat.group(1)));
        }
        return null;
    }

    private static Target of(Role role, Quantity q) {
        return q == null ? null : new Target(role, q);
    }

    /** ∇x̂_k, ∇μ_k, ∇σ²_k under the names people use: batch norm's intermediates, which no step of the lecture's has. */
    public static boolean isIntermediate(String name) {
        return INTERMEDIATE.matcher(name).matches();
    }

    /**
     * The problem's own arrays, which an answer may repeat: W1, b1, …, x, y, and for batch norm and dropout gamma_k,
     * beta_k, eps_k, m_k, p_k.
     */
    public static boolean isProblemArray(String name, Plan plan) {
        if (name.equals("x") || name.equals("y") || Quantity.parameter(name, plan) != null) {
            return true;
        }
        Matcher op = OPERATION.matcher(name);
        if (!op.matches()) {
            return false;
        }
        int k = Integer.parseInt(op.group(2));
        if (k < 1 || k >= plan.depth()) {
            return false;
        }
        return op.group(1).equals("eps") ? plan.batchNorm(k) : plan.dropout(k) > 0;
    }

    private static Quantity quantity(String letter, String k) {
        int layer;
        try {
            layer = Integer.parseInt(k);
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (letter) {
            case "W", "w" -> Quantity.W(layer);
            case "b" -> Quantity.b(layer);
            case "a", "z" -> Quantity.a(layer);
            case "gamma" -> Quantity.gamma(layer);
            case "beta" -> Quantity.beta(layer);
            case "ahat", "a_hat", "zhat", "z_hat" -> Quantity.ahat(layer);
            default -> Quantity.h(layer);
        };
    }

    /** Whether it belongs to batch norm (γ_k, β_k, â_k, μ_k, σ²_k, x̂_k): then only a batch-normalised layer has it. */
    public boolean ofBatchNorm() {
        return switch (role) {
            case MEAN, VARIANCE, XHAT -> true;
            case GRADIENT, VALUE -> quantity.kind() == Quantity.Kind.GAMMA || quantity.kind() == Quantity.Kind.BETA
                    || quantity.kind() == Quantity.Kind.NORMALIZED;
            case OUTPUT, LOSS -> false;
        };
    }

    /**
     * Whether the network has it: a_k, h_k values only for layers with them, batch norm's only for layers with batch
     * norm; ŷ and the loss always.
     */
    public boolean existsIn(Plan plan) {
        return switch (role) {
            case OUTPUT, LOSS -> true;
            case GRADIENT, VALUE -> quantity.existsIn(plan);
            case MEAN, VARIANCE, XHAT -> Quantity.ahat(quantity.k()).existsIn(plan);
        };
    }

    /** n_k × n_{k−1}, n_k × 1, n_k × B, n_L × B or 1 × 1: the lecture layout's shape. */
    public int rows(Plan plan, int examples) {
        return switch (role) {
            case GRADIENT, VALUE, MEAN, VARIANCE, XHAT -> quantity.rows(plan, examples);
            case OUTPUT -> plan.units(plan.depth());
            case LOSS -> 1;
        };
    }

    public int cols(Plan plan, int examples) {
        return switch (role) {
            case GRADIENT, VALUE, XHAT -> quantity.cols(plan, examples);
            case MEAN, VARIANCE -> 1;
            case OUTPUT -> examples;
            case LOSS -> 1;
        };
    }

    /** ∇W_1, a_2, ŷ, L: how the report writes it. */
    public String text() {
        return switch (role) {
            case GRADIENT -> quantity.gradientText();
            case VALUE -> quantity.text();
            case OUTPUT -> "ŷ";
            case LOSS -> "L";
            case MEAN -> "μ_" + quantity.k();
            case VARIANCE -> "σ²_" + quantity.k();
            case XHAT -> "x̂_" + quantity.k();
        };
    }

    /**
     * dW1, da2, dgamma1, dahat1 (gradients), a2, h1, ahat1 (values), mu1, var1, xhat1, yhat, loss: how JSON names it,
     * whatever name the user gave.
     */
    public String key() {
        return switch (role) {
            case GRADIENT -> "d" + quantity.label();
            case VALUE -> quantity.label();
            case OUTPUT -> "yhat";
            case LOSS -> "loss";
            case MEAN -> "mu" + quantity.k();
            case VARIANCE -> "var" + quantity.k();
            case XHAT -> "xhat" + quantity.k();
        };
    }
}
