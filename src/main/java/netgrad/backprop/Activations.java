package netgrad.backprop;

import netgrad.linalg.Matrix;
import netgrad.linalg.Transcendental;
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
 *   defined     g as the spec writes it          g′ as the spec's author derived it (checked, not trusted)
 * </pre>
 * At the kink z = 0 of relu and leaky_relu the one-sided derivative from the left is used (as PyTorch does).
 * Logistic and softplus are evaluated in forms that cannot overflow for any finite z; tanh in a form that is
 * within a few ulps of {@code Math.tanh} and about three times faster ({@link #tanh}). With the Vector API loaded
 * (train, bench, evaluate) {@link #apply} computes tanh and the logistic in SIMD lanes by the same formulas
 * ({@link Transcendental}), the last few entries of an array by the scalar forms here.
 */
public final class Activations {
    private Activations() {}

    /** h = g(a), elementwise; a and h have the same shape (h may alias a). Returns h. */
    public static Matrix apply(Activation g, Matrix a, Matrix h) {
        requireSameShape("apply", g, a, h);
        double[] in = a.data, out = h.data;
        int n = in.length;
        return switch (g.kind()) {
            case LOGISTIC -> {
                for (int i = Transcendental.logistic(in, out, n); i < n; i++) out[i] = logistic(in[i]);  // lanes, rest
                yield h;
            }
            case TANH -> {
                for (int i = Transcendental.tanh(in, out, n); i < n; i++) out[i] = tanh(in[i]);          // lanes, rest
                yield h;
            }
            case RELU -> {
                for (int i = Transcendental.relu(in, out, n); i < n; i++) out[i] = in[i] > 0 ? in[i] : 0.0;  // lanes, rest
                yield h;
            }
            case LEAKY_RELU -> {
                double s = Activation.slope(g);
                for (int i = 0; i < n; i++) out[i] = in[i] > 0 ? in[i] : s * in[i];
                yield h;
            }
            case IDENTITY -> {
                if (out != in) System.arraycopy(in, 0, out, 0, n);
                yield h;
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) out[i] = softplus(in[i]);
                yield h;
            }
            case DEFINED -> {
                Activation.defined(g).g().apply(in, out, n);                           // h = g(a), as written
                yield h;
            }
        };
    }

    /**
     * out = g′(a), elementwise, given h = g(a) as computed by {@link #apply} in the forward pass (logistic and tanh
     * read g from h instead of recomputing it). All three have the same shape; out may alias a but not h. Returns out.
     */
    public static Matrix derivative(Activation g, Matrix a, Matrix h, Matrix out) {
        requireSameShape("derivative", g, a, out);
        requireSameShape("derivative", g, h, out);
        double[] z = a.data, gz = h.data, d = out.data;
        int n = z.length;
        return switch (g.kind()) {
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) d[i] = gz[i] * (1.0 - gz[i]);             // g′ = g(1 − g)
                yield out;
            }
            case TANH -> {
                for (int i = 0; i < n; i++) d[i] = 1.0 - gz[i] * gz[i];               // g′ = 1 − g²
                yield out;
            }
            case RELU -> {
                for (int i = Transcendental.step(z, d, n); i < n; i++) d[i] = z[i] > 0 ? 1.0 : 0.0;  // g′ = [z > 0]
                yield out;
            }
            case LEAKY_RELU -> {
                double s = Activation.slope(g);
                for (int i = 0; i < n; i++) d[i] = z[i] > 0 ? 1.0 : s;                // g′ = 1 or s
                yield out;
            }
            case IDENTITY -> {
                java.util.Arrays.fill(d, 1.0);                                        // g′ = 1
                yield out;
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) d[i] = logistic(z[i]);                    // g′ = σ(z)
                yield out;
            }
            case DEFINED -> {
                Activation.defined(g).derivative().apply(z, d, n);                     // g′ as its author derived it
                yield out;
            }
        };
    }

    /** σ(z) = 1/(1+e^−z), as e^z/(1+e^z) for z &lt; 0 so that e^−z never overflows. */
    public static double logistic(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Transcendental.exp(-z));
        }
        double e = Transcendental.exp(z);
        return e / (1.0 + e);
    }

    /**
     * tanh z, as the Cephes library computes it, within 2 ulps of {@code Math.tanh} and about three times faster
     * (the formula and its constants are {@link Transcendental#tanh(double)}'s, shared with the SIMD lanes).
     */
    public static double tanh(double z) {
        return Transcendental.tanh(z);
    }

    /** log(1+e^z) = max(z, 0) + log1p(e^−|z|), finite for every finite z. */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static void requireSameShape(String op, Activation g, Matrix a, Matrix b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + " " + g.keyword() + ": shapes do not fit: " + a.shape() + " " + b.shape());
        }
    }
}
