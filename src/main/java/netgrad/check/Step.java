package netgrad.check;

import java.util.ArrayList;
import java.util.List;

import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.source.SourcePos;

/**
 * One step of the lecture's back_propagation, in the order it computes them: ∇a_L outside the loop, then for
 * k = L down to 1: ∇W_k = ∇a_k h_{k−1}ᵀ, ∇b_k = ∇a_k, ∇h_{k−1} = W_kᵀ ∇a_k, ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1}).
 *
 * @param quantity  the quantity whose gradient it computes (a_3, W_2, …)
 * @param formula   the formula as the lecture writes it, with this network's indices
 * @param iteration the loop's k (L for the output gradient)
 * @param layer     the layer whose spec statement the step depends on (W_k's layer; g's layer for ∇a_{k−1})
 * @param pos       that layer's place in the spec
 */
public record Step(Quantity quantity, String formula, int iteration, int layer, SourcePos pos) {

    /** ∇a_L, ∇W_L, ∇b_L, ∇h_{L−1}, ∇a_{L−1}, ∇W_{L−1}, …, ∇W_1, ∇b_1. */
    public static List<Step> backwardOrder(Plan plan) {
        int depth = plan.depth();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Quantity.a(depth), outputFormula(plan), depth, depth, plan.layer(depth).pos()));
        for (int k = depth; k >= 1; k--) {
            SourcePos pos = plan.layer(k).pos();
            Quantity w = Quantity.W(k);
            Quantity b = Quantity.b(k);
            String gradA = Quantity.a(k).gradientText();
            String input = k == 1 ? "xᵀ" : Quantity.h(k - 1).text() + "ᵀ";
            String decay = plan.weightDecay() > 0 ? " + λ " + w.text() : "";
            steps.add(new Step(w, w.gradientText() + " = " + gradA + " " + input + decay, k, k, pos));
            steps.add(new Step(b, b.gradientText() + " = " + gradA + " 1 (summed over the batch)", k, k, pos));
            if (k > 1) {
                Quantity h = Quantity.h(k - 1);
                Quantity a = Quantity.a(k - 1);
                steps.add(new Step(h, h.gradientText() + " = " + w.text() + "ᵀ " + gradA, k, k, pos));
                SourcePos below = plan.layer(k - 1).pos();
                String g = " with g = " + plan.activation(k - 1).keyword();
                double p = plan.dropout(k - 1);
                String through = p > 0 ? "(" + h.gradientText() + " ⊙ m_" + (k - 1) + "/(1 − " + PlanNumbers.of(p) + "))"
                        : h.gradientText();
                if (plan.batchNorm(k - 1)) {
                    Quantity ahat = Quantity.ahat(k - 1);
                    Quantity gamma = Quantity.gamma(k - 1);
                    Quantity beta = Quantity.beta(k - 1);
                    String gradAhat = ahat.gradientText();
                    steps.add(new Step(ahat, gradAhat + " = " + through + " ⊙ g′(" + ahat.text() + ")" + g, k, k - 1, below));
                    steps.add(new Step(gamma, gamma.gradientText() + " = " + gradAhat + " ⊙ x̂ 1 (summed over the batch)",
                            k, k - 1, below));
                    steps.add(new Step(beta, beta.gradientText() + " = " + gradAhat + " 1 (summed over the batch)",
                            k, k - 1, below));
                    steps.add(new Step(a, a.gradientText() + " = γ/(B s) ⊙ (B " + gradAhat + " − Σ " + gradAhat
                            + " − x̂ ⊙ Σ " + gradAhat + " ⊙ x̂), s = √(σ² + ε)", k, k - 1, below));
                } else {
                    steps.add(new Step(a, a.gradientText() + " = " + through + " ⊙ g′(" + a.text() + ")" + g, k, k - 1,
                            below));
                }
            }
        }
        return steps;
    }

    /** ∇a_L for the plan's output function and loss (the mean over the batch gives the 1/B). */
    static String outputFormula(Plan plan) {
        Quantity aL = Quantity.a(plan.depth());
        String a = aL.gradientText() + " = ";
        OutputFunction o = plan.output().function();
        Loss loss = plan.loss();
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            return a + "−(e(y) − ŷ) / B";
        }
        if ((o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY)
                || (o == OutputFunction.IDENTITY && loss == Loss.SQUARED_ERROR)) {
            return a + "(ŷ − y) / B";
        }
        if (o == OutputFunction.LOGISTIC && loss == Loss.SQUARED_ERROR) {
            return a + "(ŷ − y) ⊙ ŷ ⊙ (1 − ŷ) / B";
        }
        if (o == OutputFunction.SOFTMAX && loss == Loss.SQUARED_ERROR) {
            return a + "(diag(ŷ) − ŷŷᵀ)(ŷ − e(y)) / B";
        }
        return a + "(∂ŷ/∂" + aL.text() + ")ᵀ ∂ℓ/∂ŷ / B";
    }

    /** Shortest decimal of a probability for formulas: 0.2, 0.25. */
    private static final class PlanNumbers {
        static String of(double x) {
            return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        }
    }

    /** "∇W_2" etc. */
    public String symbol() {
        return quantity.gradientText();
    }
}
