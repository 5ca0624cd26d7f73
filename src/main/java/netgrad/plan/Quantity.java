package netgrad.plan;

/**
 * A named quantity of the derivation: {@code Wk} (n_k × n_{k−1}), {@code bk} (n_k × 1), {@code ak} (n_k × B,
 * 1 ≤ k ≤ L) or {@code hk} (n_k × B, 1 ≤ k &lt; L).
 */
public record Quantity(Kind kind, int k) {
    public enum Kind { WEIGHT, BIAS, PRE_ACTIVATION, ACTIVATION }

    public static Quantity parse(String name, Plan plan) {
        if (name == null || name.length() < 2) {
            throw new IllegalArgumentException("no quantity called '" + name + "'");
        }
        Kind kind = switch (name.charAt(0)) {
            case 'W' -> Kind.WEIGHT;
            case 'b' -> Kind.BIAS;
            case 'a' -> Kind.PRE_ACTIVATION;
            case 'h' -> Kind.ACTIVATION;
            default -> throw new IllegalArgumentException("no quantity called '" + name + "'");
        };
        int k;
        try {
            k = Integer.parseInt(name.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no quantity called '" + name + "'");
        }
        int maxK = kind == Kind.ACTIVATION ? plan.depth() - 1 : plan.depth();
        if (k < 1 || k > maxK) {
            throw new IllegalArgumentException("no quantity called '" + name + "' in a network of " + plan.depth() + " layers");
        }
        return new Quantity(kind, k);
    }

    public String name() {
        return switch (kind) {
            case WEIGHT -> "W";
            case BIAS -> "b";
            case PRE_ACTIVATION -> "a";
            case ACTIVATION -> "h";
        } + k;
    }

    public int rows(Plan plan, int examples) {
        return plan.units(k);
    }

    public int cols(Plan plan, int examples) {
        return switch (kind) {
            case WEIGHT -> plan.units(k - 1);
            case BIAS -> 1;
            default -> examples;
        };
    }
}
