package netgrad.export;

import netgrad.plan.Training;

/**
 * The training block's optimizer as a Python class {@code Optimizer} with netgrad's update rule written out
 * (train/Optimizers.java), each expression in the same order of operations as the Java so that every step rounds
 * alike; its docstring says how {@code torch.optim}'s class compares and why it is not used. η is the instance's
 * {@code self.lr}, not the constant, so that the training loop can halve it as netgrad's anneal does.
 */
final class PythonOptimizers {
    private PythonOptimizers() {}

    /** The hyper-parameter constants of the spec section, e.g. {@code BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-08}. */
    static String constants(Training.Optimizer o) {
        return switch (o.kind()) {
            case SGD -> "";
            case MOMENTUM, NAG -> "MOMENTUM = " + PyTorchScript.number(o.momentum()) + "               # γ\n";
            case RMSPROP -> "BETA, EPSILON = " + PyTorchScript.number(o.beta()) + ", "
                    + PyTorchScript.number(o.epsilon()) + "\n";
            case ADAM, NADAM -> "BETA1, BETA2, EPSILON = " + PyTorchScript.number(o.beta1()) + ", "
                    + PyTorchScript.number(o.beta2()) + ", " + PyTorchScript.number(o.epsilon()) + "\n";
        };
    }

    /**
     * The class {@code Optimizer(params)} with {@code step()}, reading w.grad of every parameter; η is its
     * {@code self.lr} (from LEARNING_RATE), which {@code halve_learning_rate()} halves when the run anneals.
     */
    static String render(Training.Kind kind) {
        return switch (kind) {
            case SGD -> head("""
                    sgd, netgrad's rule: w_{t+1} = w_t − η g_t (g_t = ∇w L at step t).
                    torch.optim.SGD(lr=η) is the same rule; written out like the others.""", "")
                    + """
                            for w in self.params:
                                w.sub_(self.lr * w.grad)                             # w −= η g
                    """;
            case MOMENTUM -> head("""
                    momentum, netgrad's rule: u_t = γ u_{t−1} + η g_t;  w_{t+1} = w_t − u_t  (u_0 = 0).
                    torch.optim.SGD(momentum=γ) keeps v_t = γ v_{t−1} + g_t and steps η v_t: the same
                    for a constant η, rounded differently; written out to round as netgrad does.""", "u")
                    + """
                            for w, u in zip(self.params, self.u):
                                u.copy_(MOMENTUM * u + self.lr * w.grad)             # u = γu + ηg
                                w.sub_(u)                                            # w −= u
                    """;
            case NAG -> head("""
                    nag, netgrad's rule: u_t = γ u_{t−1} + η ∇L(w_t − γ u_{t−1});  w_{t+1} = w_t − u_t.
                    Like netgrad, the parameters hold the look-ahead point w̃_t = w_t − γ u_{t−1}, so
                    g_t = ∇L(w̃_t) is the gradient backward() computes, and the rule becomes
                    u_t = γ u_{t−1} + η g_t;  w̃_{t+1} = w̃_t − γ u_t − η g_t.
                    torch.optim.SGD(momentum=γ, nesterov=True) is this rule with u = ηv for a constant
                    η, rounded differently; written out to round as netgrad does.""", "u")
                    + """
                            for w, u in zip(self.params, self.u):
                                g = w.grad
                                u.copy_(MOMENTUM * u + self.lr * g)                  # u = γu + ηg
                                w.sub_(MOMENTUM * u + self.lr * g)                   # w̃ −= γu + ηg
                    """;
            case RMSPROP -> head("""
                    rmsprop, netgrad's rule: v_t = β v_{t−1} + (1 − β) g_t²;  w_{t+1} = w_t − η g_t / (√v_t + ε)
                    with ε outside the square root. torch.optim.RMSprop(alpha=β, eps=ε) has ε outside
                    the root too (Keras puts it inside); written out to round as netgrad does.""", "v")
                    + """
                            for w, v in zip(self.params, self.v):
                                g = w.grad
                                v.copy_(BETA * v + (1 - BETA) * g * g)               # v = βv + (1−β)g²
                                w.sub_(self.lr * g / (torch.sqrt(v) + EPSILON))      # w −= ηg/(√v+ε)
                    """;
            case ADAM -> head("""
                    adam, netgrad's rule: m_t = β₁ m_{t−1} + (1 − β₁) g_t;  v_t = β₂ v_{t−1} + (1 − β₂) g_t²;
                    m̂_t = m_t / (1 − β₁ᵗ);  v̂_t = v_t / (1 − β₂ᵗ);  w_{t+1} = w_t − η m̂_t / (√v̂_t + ε).
                    torch.optim.Adam computes the same (ε outside the root, added to √v_t / √(1 − β₂ᵗ))
                    in another order of operations; written out to round as netgrad does.""", "m", "v")
                    + """
                            c1 = 1 / (1 - BETA1 ** self.t)                           # 1/(1 − β₁ᵗ)
                            c2 = 1 / (1 - BETA2 ** self.t)                           # 1/(1 − β₂ᵗ)
                            for w, m, v in zip(self.params, self.m, self.v):
                                g = w.grad
                                m.copy_(BETA1 * m + (1 - BETA1) * g)                 # m = β₁m + (1−β₁)g
                                v.copy_(BETA2 * v + (1 - BETA2) * g * g)             # v = β₂v + (1−β₂)g²
                                w.sub_(self.lr * (m * c1) / (torch.sqrt(v * c2) + EPSILON))
                    """;
            case NADAM -> head("""
                    nadam, netgrad's rule (Dozat 2016 as Keras and the course assignment write it): m_t,
                    v_t, m̂_t, v̂_t as in Adam, then
                    w_{t+1} = w_t − η / (√v̂_t + ε) · (β₁ m̂_t + (1 − β₁) g_t / (1 − β₁ᵗ)).
                    torch.optim.NAdam differs: it multiplies β₁ by a schedule μ_t = β₁(1 − ½·0.96^(0.004 t))
                    and corrects m with products of the μ's; netgrad keeps β₁ constant, so this is
                    written out.""", "m", "v")
                    + """
                            c1 = 1 / (1 - BETA1 ** self.t)                           # 1/(1 − β₁ᵗ)
                            c2 = 1 / (1 - BETA2 ** self.t)                           # 1/(1 − β₂ᵗ)
                            for w, m, v in zip(self.params, self.m, self.v):
                                g = w.grad
                                m.copy_(BETA1 * m + (1 - BETA1) * g)                 # m = β₁m + (1−β₁)g
                                v.copy_(BETA2 * v + (1 - BETA2) * g * g)             # v = β₂v + (1−β₂)g²
                                look_ahead = BETA1 * m * c1 + (1 - BETA1) * g * c1   # β₁m̂ + (1−β₁)g/(1−β₁ᵗ)
                                w.sub_(self.lr * look_ahead / (torch.sqrt(v * c2) + EPSILON))
                    """;
        };
    }

    /** The class line, its docstring, the state (zero tensors named {@code state}) and the head of step(). */
    private static String head(String doc, String... state) {
        StringBuilder s = new StringBuilder("class Optimizer:\n    \"\"\"");
        s.append(doc.strip().replace("\n", "\n    ")).append("\"\"\"\n\n");
        s.append("    def __init__(self, params):\n");
        s.append("        self.params = list(params)\n");
        s.append("        self.lr = LEARNING_RATE                                      # η, halved by anneal\n");
        s.append("        self.t = 0                                                   # steps taken\n");
        for (String name : state) {
            if (!name.isEmpty()) {
                s.append("        self.").append(name).append(" = [torch.zeros_like(w) for w in self.params]\n");
            }
        }
        s.append("""

                    def halve_learning_rate(self):
                        \"""η ← η/2 for the steps that follow (exact in binary, as netgrad's eta /= 2); the rule's
                        state and t are kept: anneal does not restart the optimizer.\"""
                        self.lr /= 2
                """);
        s.append("\n    @torch.no_grad()\n    def step(self):\n        self.t += 1\n");
        return s.toString();
    }
}
