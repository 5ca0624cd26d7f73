package netgrad.export;

import java.util.List;
import java.util.StringJoiner;

import netgrad.plan.Layer;
import netgrad.plan.Operation;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * A hidden layer's operations ({@link Operation}, in the plan's order: batch norm, g, dropout) in the exported
 * module. Batch norm is {@code torch.nn.BatchNorm1d(n_k, eps=ε, momentum=m)}, which is netgrad's exactly
 * (â = γ (a − μ)/√(σ² + ε) + β with the biased batch variance; μ̄ ← (1 − m) μ̄ + m μ and
 * σ̄² ← (1 − m) σ̄² + m σ² B/(B − 1) after each step, m = {@link Operation#MOMENTUM}, torch's convention too),
 * subclassed only for a training batch of one example, which torch refuses and netgrad takes. Dropout is a small
 * module computing netgrad's h = (m ⊙ z)·(1/(1 − p)) with a mask it is given (netgrad's, drawn by the
 * script's training loop, or a dump's), so that PyTorch runs the masks netgrad draws.
 */
final class PythonLayers {
    private PythonLayers() {}

    /** BATCH_NORM (ε_k by layer), MOMENTUM when a layer normalises, DROPOUT (p_k by layer, p &gt; 0 only). */
    static String constants(Plan plan) {
        StringJoiner eps = new StringJoiner(", ", "{", "}");
        StringJoiner p = new StringJoiner(", ", "{", "}");
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                eps.add(k + ": " + PyTorchScript.number(plan.batchNormEps(k)));
            }
            if (plan.dropout(k) > 0) {
                p.add(k + ": " + PyTorchScript.number(plan.dropout(k)));
            }
        }
        boolean normalises = eps.length() > 2;
        StringBuilder s = new StringBuilder();
        s.append(PyTorchScript.code(0, "BATCH_NORM = " + eps, "ε_k of the layers with batch norm"
                + (normalises ? "" : ": none")));
        if (normalises) {
            s.append(PyTorchScript.code(0, "MOMENTUM = " + PyTorchScript.number(Operation.MOMENTUM),
                    "m: μ̄ ← (1 − m) μ̄ + m μ per step (torch's too)"));
        }
        s.append(PyTorchScript.code(0, "DROPOUT = " + p, "p_k of the layers with dropout"
                + (p.length() > 2 ? "" : ": none")));
        return s.toString();
    }

    /** The classes BatchNorm and Dropout, each only when a layer of the plan uses it. */
    static String classes(Plan plan) {
        boolean normalises = false;
        boolean drops = false;
        for (int k = 1; k < plan.depth(); k++) {
            normalises |= plan.batchNorm(k);
            drops |= plan.dropout(k) > 0;
        }
        return (normalises ? BATCH_NORM_CLASS : "") + (drops ? DROPOUT_CLASS : "");
    }

    /** The lines of {@code Net.__init__} after layer k's nn.Linear: its BatchNorm and Dropout. */
    static String declare(Layer.Hidden layer) {
        int k = layer.k();
        StringBuilder s = new StringBuilder();
        for (Operation op : layer.operations()) {
            switch (op.kind()) {
                case BATCH_NORM -> s.append(PyTorchScript.code(8, "self.norm" + k + " = BatchNorm(" + layer.units()
                        + ", BATCH_NORM[" + k + "])", Quantity.gamma(k).text() + ", " + Quantity.beta(k).text()
                        + ", μ̄_" + k + ", σ̄²_" + k + ": " + layer.units() + " each"));
                case ACTIVATION -> { }
                case DROPOUT -> {
                    if (Operation.p(op) > 0) {
                        s.append(PyTorchScript.code(8, "self.drop" + k + " = Dropout(DROPOUT[" + k + "], " + k + ")",
                                "m_" + k + ": B×" + layer.units() + ", P(m = 0) = " + PyTorchScript.number(Operation.p(op))));
                    }
                }
            }
        }
        return s.toString();
    }

    /**
     * The forward lines of hidden layer k from a_k to h_k, one per operation with its formula; adds the names of the
     * netgrad quantities it computes (â_k, h_k) to {@code kept}.
     */
    static String forward(Layer.Hidden layer, List<String> kept) {
        int k = layer.k();
        boolean drops = layer.dropout() > 0;
        String h = Quantity.h(k).label();
        String z = "z" + k;                                      // g's output before the mask: not a quantity
        String x = Quantity.a(k).label();
        String xText = Quantity.a(k).text();
        StringBuilder s = new StringBuilder();
        for (Operation op : layer.operations()) {
            switch (op.kind()) {
                case BATCH_NORM -> {
                    String ahat = Quantity.ahat(k).label();
                    s.append(PyTorchScript.code(8, ahat + " = self.norm" + k + "(" + x + ")", Quantity.ahat(k).text()
                            + " = " + Quantity.gamma(k).text() + " ⊙ (" + xText + " − μ_" + k + ")/√(σ²_" + k + " + ε) + "
                            + Quantity.beta(k).text()));
                    kept.add(ahat + "=" + ahat);
                    x = ahat;
                    xText = Quantity.ahat(k).text();
                }
                case ACTIVATION -> {
                    String target = drops ? z : h;
                    String targetText = drops ? "z_" + k : Quantity.h(k).text();
                    s.append(PyTorchScript.code(8, target + " = " + PyTorchScript.activation(Operation.g(op), x),
                            targetText + " = g(" + xText + "), " + PyTorchScript.formula(Operation.g(op))));
                    x = target;
                }
                case DROPOUT -> {
                    if (drops) {                                  // dropout 0 is the identity: h_k = g(·) above
                        s.append(PyTorchScript.code(8, h + " = self.drop" + k + "(" + z + ", masks)",
                                Quantity.h(k).text() + " = m_" + k + " ⊙ z_" + k + "/(1 − p) in training mode, else z_"
                                        + k));
                        x = h;
                    }
                }
            }
        }
        kept.add(h + "=" + h);
        return s.toString();
    }

    private static final String BATCH_NORM_CLASS = """
            class BatchNorm(nn.BatchNorm1d):
                \"""netgrad's batch normalisation of a_k, per unit over the batch. Training mode:
                â = γ ⊙ (a − μ)/√(σ² + ε) + β with μ, σ² the batch's mean and biased variance (1/B), and
                after the step μ̄ ← (1 − m) μ̄ + m μ, σ̄² ← (1 − m) σ̄² + m σ² B/(B − 1), m = MOMENTUM;
                evaluation mode (model.eval()): the same â with μ̄, σ̄². That is nn.BatchNorm1d(n, eps=ε,
                momentum=m) exactly: weight is γ_k (init 1), bias β_k (init 0), running_mean μ̄_k
                (init 0), running_var σ̄²_k (init 1). One difference: nn.BatchNorm1d refuses a training
                batch of one example, which netgrad takes (μ = a, σ² = 0, so â = β and ∇a = 0;
                σ̄² ← (1 − m) σ̄², its B/(B − 1) taken as 1); forward does that case itself.\"""

                def __init__(self, units, eps):
                    super().__init__(units, eps=eps, momentum=MOMENTUM)

                def forward(self, a):
                    if not self.training or a.shape[0] > 1:
                        return super().forward(a)
                    with torch.no_grad():                                # one example: netgrad's update
                        m = self.momentum
                        self.running_mean.copy_((1 - m) * self.running_mean + m * a[0])   # μ̄ ← (1−m)μ̄ + mμ
                        self.running_var.copy_((1 - m) * self.running_var)             # σ² = 0
                        self.num_batches_tracked += 1
                    mu = a.mean(dim=0)                                   # μ = a
                    xhat = (a - mu) / torch.sqrt(((a - mu) ** 2).mean(dim=0) + self.eps)   # x̂ = 0
                    return self.weight * xhat + self.bias                # â = γ x̂ + β


            """;

    private static final String DROPOUT_CLASS = """
            class Dropout(nn.Module):
                \"""netgrad's inverted dropout of z_k = g(·): h_k = m_k ⊙ z_k/(1 − p) in training mode, m_k
                a 0/1 mask per example and unit with P(m = 0) = p; h_k = z_k in evaluation mode
                (model.eval()). nn.Dropout(p) computes the same function with a mask from torch's
                generator, which cannot give netgrad's masks; this one takes them: forward(z, masks)
                uses masks[k] (B × n_k) when masks is given (the training loop draws netgrad's own,
                draw_masks below; --check reads a verify --dump's), else draws from torch's generator.\"""

                def __init__(self, p, k):
                    super().__init__()
                    self.p, self.k = p, k

                def forward(self, z, masks=None):
                    if not self.training:
                        return z                                         # evaluation: no dropout
                    if masks is None:
                        m = (torch.rand_like(z) >= self.p).to(z.dtype)   # P(m = 0) = p, torch's numbers
                    else:
                        m = masks[self.k]
                    return z * m * (1.0 / (1.0 - self.p))                # (m ⊙ z)·(1/(1 − p)), as netgrad


            """;
}
