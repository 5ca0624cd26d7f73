package netgrad.answer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * What one array of a user's answer holds: the gradient of a quantity (∇W_k, ∇b_k, ∇a_k, ∇h_k), a forward value
 * (a_k, h_k), ŷ or the loss L; recognised from the names people use.
 * <pre>
 *   gradients   dW1  dW_1  grad_W1  gradW1  W1_grad  dL_dW1  dLdW1   (W or w; b; a or z; h)
 *   values      a1  z1  a_1  h1  yhat  y_hat  loss
 * </pre>
 *
 * @param role     which of the four
 * @param quantity the quantity (null for ŷ and the loss)
 */
public record Target(Role role, Quantity quantity) {
    public enum Role { GRADIENT, VALUE, OUTPUT, LOSS }

    private static final Pattern GRADIENT = Pattern.compile("(?:d|grad_?|dL_?d|dL_d)([Wwbazh])_?(\\d+)|([Wwbazh])_?(\\d+)_grad");
    private static final Pattern VALUE = Pattern.compile("([azh])_?(\\d+)");

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
            return new Target(Role.GRADIENT, quantity(letter, k));
        }
        Matcher v = VALUE.matcher(name);
        if (v.matches()) {
            return new Target(Role.VALUE, quantity(v.group(1), v.group(2)));
        }
        return null;
    }

    /** The problem's own arrays, which an answer may repeat: W1, b1, …, x, y. */
    public static boolean isProblemArray(String name, Plan plan) {
        return name.equals("x") || name.equals("y") || Quantity.parameter(name, plan) != null;
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
            default -> Quantity.h(layer);
        };
    }

    /** Whether the network has it: a_k, h_k values only for layers with them; ŷ and the loss always. */
    public boolean existsIn(Plan plan) {
        return quantity == null || (quantity != null && quantity.existsIn(plan));
    }

    /** n_k × n_{k−1}, n_k × 1, n_k × B, n_L × B or 1 × 1: the lecture layout's shape. */
    public int rows(Plan plan, int examples) {
        return switch (role) {
            case GRADIENT, VALUE -> quantity.rows(plan, examples);
            case OUTPUT -> plan.units(plan.depth());
            case LOSS -> 1;
        };
    }

    public int cols(Plan plan, int examples) {
        return switch (role) {
            case GRADIENT, VALUE -> quantity.cols(plan, examples);
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
        };
    }

    /** dW1, da2 (gradients), a2, h1 (values), yhat, loss: how JSON names it, whatever name the user gave. */
    public String key() {
        return switch (role) {
            case GRADIENT -> "d" + quantity.label();
            case VALUE -> quantity.label();
            case OUTPUT -> "yhat";
            case LOSS -> "loss";
        };
    }
}
