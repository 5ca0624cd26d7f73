package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.plan.Activation;

/**
 * The hidden activations g, applied elementwise (h_k = g(a_k), both n_k × B), and their derivatives g′,
 * each derived by hand (lecture 4, last slide: "you can write a function to compute g′"):
 * <pre>
 *   logistic    g(z) = 1/(1+e^−z)                g′(z) = g(z)(1 − g(z))
 *   tanh        g(z) = tanh z                    g′(z) = 1 − g(z)²
 *   relu        g(z) = max(z, 0)                 g′(z) = 1 if z &gt; 0 else 0
 *   leaky_relu  g(z) = z if z &gt; 0 else s·z      g′(z) = 1 if z &gt; 0 else s
 *   identity    g(z) = z                         g′(z) = 1
 *   softplus    g(z) = log(1+e^z)                g′(z) = 1/(1+e^−z)  (the logistic)
 * </pre>
 * At the kink z = 0 of relu and leaky_relu the one-sided derivative from the left is used (as PyTorch does).
 * Logistic and softplus are evaluated in forms that cannot overflow for any finite z.
 */
public final class Activations {
    private Activations() {}

    /** h = g(a), elementwise; a and h have the same shape (h may alias a). */
    public static void apply(Activation g, Matrix a, Matrix h) {
        requireSameShape("apply " + g.keyword(), a, h);
        double[] in = a.data, out = h.data;
        int n = in.length;
        if (g instanceof Activation.Logistic) {
            for (int i = 0; i < n; i++) out[i] = logistic(in[i]);
        } else if (g instanceof Activation.Tanh) {
            for (int i = 0; i < n; i++) out[i] = Math.tanh(in[i]);
        } else if (g instanceof Activation.Relu) {
            for (int i = 0; i < n; i++) out[i] = in[i] > 0 ? in[i] : 0.0;
        } else if (g instanceof Activation.LeakyRelu leaky) {
            double s = leaky.slope();
            for (int i = 0; i < n; i++) out[i] = in[i] > 0 ? in[i] : s * in[i];
        } else if (g instanceof Activation.Identity) {
            if (out != in) System.arraycopy(in, 0, out, 0, n);
        } else if (g instanceof Activation.Softplus) {
            for (int i = 0; i < n; i++) out[i] = softplus(in[i]);
        } else {
            throw new IllegalArgumentException("no g for activation " + g);
        }
    }

    /**
     * out = g′(a), elementwise, given h = g(a) as computed by {@link #apply} in the forward pass (logistic and tanh
     * read g from h instead of recomputing it). All three have the same shape; out may alias a but not h.
     */
    public static void derivative(Activation g, Matrix a, Matrix h, Matrix out) {
        requireSameShape("derivative " + g.keyword(), a, out);
        requireSameShape("derivative " + g.keyword(), h, out);
        double[] z = a.data, gz = h.data, d = out.data;
        int n = z.length;
        if (g instanceof Activation.Logistic) {
            for (int i = 0; i < n; i++) d[i] = gz[i] * (1.0 - gz[i]);                 // g′ = g(1 − g)
        } else if (g instanceof Activation.Tanh) {
            for (int i = 0; i < n; i++) d[i] = 1.0 - gz[i] * gz[i];                   // g′ = 1 − g²
        } else if (g instanceof Activation.Relu) {
            for (int i = 0; i < n; i++) d[i] = z[i] > 0 ? 1.0 : 0.0;                  // g′ = [z > 0]
        } else if (g instanceof Activation.LeakyRelu leaky) {
            double s = leaky.slope();
            for (int i = 0; i < n; i++) d[i] = z[i] > 0 ? 1.0 : s;                    // g′ = 1 or s
        } else if (g instanceof Activation.Identity) {
            java.util.Arrays.fill(d, 1.0);                                            // g′ = 1
        } else if (g instanceof Activation.Softplus) {
            for (int i = 0; i < n; i++) d[i] = logistic(z[i]);                        // g′ = σ(z)
        } else {
            throw new IllegalArgumentException("no g′ for activation " + g);
        }
    }

    /** σ(z) = 1/(1+e^−z), as e^z/(1+e^z) for z &lt; 0 so that e^−z never overflows. */
    public static double logistic(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** log(1+e^z) = max(z, 0) + log1p(e^−|z|), finite for every finite z. */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static void requireSameShape(String op, Matrix a, Matrix b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": shapes do not fit: " + a.shape() + " " + b.shape());
        }
    }
}
