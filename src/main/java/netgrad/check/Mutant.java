package netgrad.check;

import java.util.Arrays;

import netgrad.backprop.Activations;
import netgrad.backprop.BatchNorm;
import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.model.Batch;
import netgrad.model.Gradients;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * The catalogue of classic derivation mistakes, each planted into one step of a copy of the hand-derived backprop
 * (a subclass that overrides that step, in every layer where the mistake applies, as a person would make it). Each
 * has a stable {@link #id()} (what {@code verify --list-mistakes}, the diagnosis of a user's gradients and JSON
 * output name it by), a one-line explanation in the lecture's notation and the fix. A gradient check is only worth
 * something if it catches every one of them at the step where it was planted: {@code netgrad verify --self-test}
 * and the mutation tests show that it does; {@code explain --mistakes} teaches the same list.
 * <p>To add a mistake: a constant here (id, explanation, fix), its case in {@link #notApplicable}, {@link
 * #expectedStep} and {@link #plant}, and its entry in {@code explain/Mistakes}.
 */
public enum Mutant {
    /** ∇h_{k−1} = W_k ∇a_k with W_k's numbers read as if they were Wᵀ's (an index bug with a valid shape). */
    NO_TRANSPOSE("missing-transpose",
            "W_k used without its transpose in ∇h_{k−1} (W_k's numbers read as an n_{k−1}×n_k matrix)",
            "∇h_{k−1} = W_kᵀ ∇a_k (in rows layout: dh = da @ W.T with W of n_{k−1}×n_k)"),
    /** ∇a_{k−1} = ∇h_{k−1} ⊙ g(a_{k−1}). */
    G_INSTEAD_OF_G_PRIME("g-instead-of-gprime", "g instead of g′ in ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})",
            "multiply by the derivative g′(a_{k−1}), not by the activation h_{k−1} = g(a_{k−1})"),
    /** ∇a_{k−1} = ∇h_{k−1} ⊙ g′(h_{k−1}). */
    GPRIME_AT_H("gprime-at-h", "g′ evaluated at h_{k−1} instead of a_{k−1}: ∇h_{k−1} ⊙ g′(h_{k−1})",
            "evaluate g′ at the pre-activation a_{k−1} (or write it from h: σ′ = h(1 − h), tanh′ = 1 − h²)"),
    /** ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_k): the index slip, visible only where n_k = n_{k−1}. */
    WRONG_LAYER_GPRIME("wrong-layer-gprime", "g′ of the wrong layer: ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_k)",
            "∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1}): the a of the layer whose h you came back through"),
    /** ∇a_L = (e(y) − ŷ) / B. */
    OUTPUT_SIGN_FLIPPED("output-sign-flipped", "the sign of the output gradient flipped",
            "∇a_L = −(e(y) − ŷ)/B = (ŷ − e(y))/B: it points the way the loss grows"),
    /** ∇b_k = 0. */
    BIAS_GRADIENT_DROPPED("bias-gradient-dropped", "the bias gradient dropped (∇b_k left at 0)",
            "∇b_k = Σ over the batch of ∇a_k (∂a_k/∂b_k = I)"),
    /** ∇b_k = the first column of ∇a_k. */
    BIAS_NOT_SUMMED("bias-not-summed", "∇b_k taken from the first example instead of summed over the batch",
            "∇b_k = ∇a_k 1, the sum of ∇a_k's B columns (np.sum(da, axis=1, keepdims=True))"),
    /** The sum over the batch instead of the mean: no 1/B. */
    SUM_NOT_MEAN("sum-not-mean", "the sum over the batch instead of the mean (no 1/B in ∇a_L)",
            "the loss is the mean over the B examples: divide ∇a_L (and the loss) by B"),
    /** 1/B in ∇a_L and again in ∇W_k and ∇b_k. */
    MEAN_TWICE("mean-twice", "the 1/B applied twice: in ∇a_L and again in ∇W_k and ∇b_k",
            "divide by B once, in ∇a_L; ∇W_k = ∇a_k h_{k−1}ᵀ and ∇b_k = ∇a_k 1 inherit it"),
    /** softmax + squared error: ∇a_L = (ŷ − e(y)) / B, the softmax Jacobian skipped. */
    SOFTMAX_SE_WITHOUT_JACOBIAN("softmax-se-without-jacobian",
            "softmax + squared error without the softmax Jacobian: ∇a_L = (ŷ − e(y))/B",
            "∇a_L = (diag(ŷ) − ŷŷᵀ)(ŷ − e(y))/B: ŷ − y is ∇ŷ, not ∇a_L, unless O is the identity"),
    /** The gradient 2(ŷ − y) of Σ(ŷ − y)² used with the loss ½Σ(ŷ − y)². */
    SE_FACTOR("se-factor", "∇ŷ = 2(ŷ − y), the gradient of Σ(ŷ − y)², with the loss ½Σ(ŷ − y)²",
            "the lecture's squared error is ½Σ(ŷ − y)², whose gradient is ŷ − y: drop the 2"),
    /** ∇W_k = ∇a_k h_{k−1}ᵀ without + λW_k. */
    DECAY_FORGOTTEN("decay-forgotten", "weight decay forgotten in ∇W_k (no + λW_k)",
            "∇W_k = ∇a_k h_{k−1}ᵀ + λW_k, the gradient of (λ/2)‖W_k‖² in the loss"),
    /** ∇b_k = ∇a_k 1 + λb_k. */
    DECAY_ON_BIASES("decay-on-biases", "weight decay applied to the biases too (∇b_k + λb_k)",
            "biases are not decayed: ∇b_k = ∇a_k 1, with no λb_k"),
    /** for k = L to 2: ∇W_1 and ∇b_1 are never computed. */
    LOOP_STOPS_EARLY("loop-stops-early",
            "the backward loop stops one layer early (k = L to 2), so ∇W_1 and ∇b_1 stay 0",
            "run the loop for k = L down to 1: W_1 and b_1 have gradients too"),
    /** tanh′(a) = 1 − tanh(a) instead of 1 − tanh²(a). */
    TANH_PRIME_AS_1_MINUS_TANH("tanh-prime-as-1-minus-tanh", "tanh′(a_{k−1}) written 1 − tanh(a_{k−1}) (not squared)",
            "tanh′(a) = 1 − tanh²(a) = 1 − h²"),
    /** σ′(a) = σ(a) instead of σ(a)(1 − σ(a)). */
    LOGISTIC_PRIME_AS_G("logistic-prime-as-g", "σ′(a_{k−1}) written σ(a_{k−1}) in a logistic layer",
            "σ′(a) = σ(a)(1 − σ(a)) = h(1 − h)"),
    /** ∇a_k = γ ⊙ ∇â_k / √(σ² + ε), as if μ and σ² did not depend on a_k. */
    BATCHNORM_STATS_AS_CONSTANTS("batchnorm-stats-as-constants",
            "batch norm's μ and σ² treated as constants in ∇a_k (∇a_k = γ ∇â_k / s)",
            "μ and σ² depend on a_k: ∇a = (γ/s)(∇â − mean(∇â) − x̂ mean(∇â ⊙ x̂)), s = √(σ² + ε)"),
    /** ∂σ²/∂a = 2(a − μ)/(B − 1) in the backward pass, while the forward pass divides by B. */
    BATCHNORM_VARIANCE_UNBIASED("batchnorm-variance-unbiased",
            "batch norm's backward uses the unbiased variance, 1/(B − 1) for 1/B",
            "the forward σ² divides by B, so its derivative does too: ∂σ²/∂a = 2(a − μ)/B"),
    /** ∇z_k = ∇h_k / (1 − p), without ⊙ m_k. */
    DROPOUT_MASK_FORGOTTEN("dropout-mask-forgotten-in-backward",
            "dropout's mask forgotten in backward (∇z_k = ∇h_k / (1 − p), no ⊙ m_k)",
            "∇z_k = ∇h_k ⊙ m_k / (1 − p) with the same mask m_k the forward pass drew"),
    /** ∇z_k = ∇h_k ⊙ m_k, without the 1/(1 − p). */
    DROPOUT_SCALE_FORGOTTEN("dropout-scale-forgotten",
            "dropout's 1/(1 − p) forgotten in backward (∇z_k = ∇h_k ⊙ m_k)",
            "h_k = m_k ⊙ z_k / (1 − p) in the forward pass, so ∇z_k = ∇h_k ⊙ m_k / (1 − p)");

    private final String id;
    private final String description;
    private final String fix;

    Mutant(String id, String description, String fix) {
        this.id = id;
        this.description = description;
        this.fix = fix;
    }

    /** The stable name: {@code missing-transpose}, {@code sum-not-mean}, … (JSON, --list-mistakes, diagnosis). */
    public String id() {
        return id;
    }

    /** What is wrong, in one line of the lecture's notation. */
    public String description() {
        return description;
    }

    /** The right line, in one line. */
    public String fix() {
        return fix;
    }

    /** The mistake with this {@link #id()}, or null. */
    public static Mutant byId(String id) {
        for (Mutant m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return null;
    }

    /** True for the mistakes that show only when the loss has a decay term λ &gt; 0. */
    public boolean needsDecay() {
        return this == DECAY_FORGOTTEN || this == DECAY_ON_BIASES;
    }

    /**
     * Whether the plan has what the bug is about: the batch-norm and dropout bugs concern only networks with that
     * operation (self-test lists the others for every network, with a reason when they cannot show).
     */
    public boolean concerns(Plan plan) {
        return switch (this) {
            case BATCHNORM_STATS_AS_CONSTANTS, BATCHNORM_VARIANCE_UNBIASED -> batchNormLayer(plan) >= 0;
            case DROPOUT_MASK_FORGOTTEN, DROPOUT_SCALE_FORGOTTEN -> dropoutLayer(plan) >= 0;
            default -> true;
        };
    }

    /** Why this bug cannot show on this plan and batch size, or null when it can. */
    public String notApplicable(Plan plan, int examples) {
        int depth = plan.depth();
        return switch (this) {
            case NO_TRANSPOSE -> transposeLayer(plan) < 0 ? "every W_k (k ≥ 2) is a vector, equal to its transpose read row by row" : null;
            case G_INSTEAD_OF_G_PRIME -> depth < 2 ? "the network has no hidden layer" : null;
            case GPRIME_AT_H -> highestHidden(plan, this) < 0
                    ? "no hidden g has g′(h) ≠ g′(a) (only logistic, tanh and softplus do)" : null;
            case WRONG_LAYER_GPRIME -> highestHidden(plan, this) < 0
                    ? "no layer k ≥ 2 has n_k = n_{k−1} with a non-identity g_{k−1}" : null;
            case TANH_PRIME_AS_1_MINUS_TANH -> highestHidden(plan, this) < 0 ? "no hidden layer is tanh" : null;
            case LOGISTIC_PRIME_AS_G -> highestHidden(plan, this) < 0 ? "no hidden layer is logistic" : null;
            case LOOP_STOPS_EARLY -> depth < 2 ? "the network has one layer, so the loop has nothing to skip" : null;
            case SUM_NOT_MEAN, MEAN_TWICE -> examples < 2 ? "with one example the sum equals the mean" : null;
            case BIAS_NOT_SUMMED -> examples < 2 ? "with one example the first example is the sum" : null;
            case SOFTMAX_SE_WITHOUT_JACOBIAN -> plan.output().function() != OutputFunction.SOFTMAX
                    || plan.loss() != Loss.SQUARED_ERROR ? "the output is not softmax with squared error" : null;
            case SE_FACTOR -> plan.loss() != Loss.SQUARED_ERROR ? "the loss is not squared error" : null;
            case DECAY_FORGOTTEN, DECAY_ON_BIASES -> plan.weightDecay() == 0 ? "the network has no weight decay" : null;
            case OUTPUT_SIGN_FLIPPED, BIAS_GRADIENT_DROPPED -> null;
            case BATCHNORM_STATS_AS_CONSTANTS -> batchNormLayer(plan) < 0 ? "the network has no batch norm" : null;
            case BATCHNORM_VARIANCE_UNBIASED -> batchNormLayer(plan) < 0 ? "the network has no batch norm"
                    : examples < 2 ? "with one example there is no unbiased variance" : null;
            case DROPOUT_MASK_FORGOTTEN, DROPOUT_SCALE_FORGOTTEN -> dropoutLayer(plan) < 0 ? "the network has no dropout"
                    : null;
        };
    }

    /** As {@link #notApplicable(Plan, int)}, and also null-or-reason for what θ hides (all-zero biases hide λb_k). */
    public String notApplicable(Plan plan, Parameters theta, int examples) {
        String reason = notApplicable(plan, examples);
        if (reason == null && this == DECAY_ON_BIASES && allBiasesZero(plan, theta)) {
            return "every b_k is 0, so λb_k is 0";
        }
        return reason;
    }

    /** The step where verify must report the first disagreement: the quantity it computes (a_3, W_2, h_1, …). */
    public Quantity expectedStep(Plan plan) {
        int depth = plan.depth();
        return switch (this) {
            case NO_TRANSPOSE -> Quantity.h(transposeLayer(plan) - 1);
            case G_INSTEAD_OF_G_PRIME -> gPrimeStep(plan, depth - 1);
            case GPRIME_AT_H, WRONG_LAYER_GPRIME, TANH_PRIME_AS_1_MINUS_TANH, LOGISTIC_PRIME_AS_G ->
                    gPrimeStep(plan, highestHidden(plan, this));
            case OUTPUT_SIGN_FLIPPED, SUM_NOT_MEAN, SOFTMAX_SE_WITHOUT_JACOBIAN, SE_FACTOR -> Quantity.a(depth);
            case BIAS_GRADIENT_DROPPED, BIAS_NOT_SUMMED, DECAY_ON_BIASES -> Quantity.b(depth);
            case LOOP_STOPS_EARLY -> Quantity.W(1);
            case DECAY_FORGOTTEN, MEAN_TWICE -> Quantity.W(depth);
            case BATCHNORM_STATS_AS_CONSTANTS, BATCHNORM_VARIANCE_UNBIASED -> Quantity.a(batchNormLayer(plan));
            case DROPOUT_MASK_FORGOTTEN, DROPOUT_SCALE_FORGOTTEN -> gPrimeStep(plan, dropoutLayer(plan));
        };
    }

    /** Where a mistake in layer j's g′ shows first: ∇â_j with batch norm (g acts on â_j), else ∇a_j. */
    private static Quantity gPrimeStep(Plan plan, int j) {
        return plan.batchNorm(j) ? Quantity.ahat(j) : Quantity.a(j);
    }

    /** The highest hidden layer with batch norm (the first the backward loop reaches), or −1. */
    private static int batchNormLayer(Plan plan) {
        for (int k = plan.depth() - 1; k >= 1; k--) {
            if (plan.batchNorm(k)) {
                return k;
            }
        }
        return -1;
    }

    /** The highest hidden layer with dropout, or −1. */
    private static int dropoutLayer(Plan plan) {
        for (int k = plan.depth() - 1; k >= 1; k--) {
            if (plan.dropout(k) > 0) {
                return k;
            }
        }
        return -1;
    }

    /** The highest layer k ≥ 2 whose W_k is not a vector (there reading W_k as Wᵀ changes numbers), or −1. */
    private static int transposeLayer(Plan plan) {
        for (int k = plan.depth(); k >= 2; k--) {
            if (plan.units(k) > 1 && plan.units(k - 1) > 1) {
                return k;
            }
        }
        return -1;
    }

    /** The highest hidden layer j (its ∇a_j computed at loop k = j + 1) where this g′ mistake changes numbers, or −1. */
    private static int highestHidden(Plan plan, Mutant m) {
        for (int j = plan.depth() - 1; j >= 1; j--) {
            if (changesLayer(plan, m, j)) {
                return j;
            }
        }
        return -1;
    }

    /** Whether the g′ mistake m, planted in ∇a_j = ∇h_j ⊙ g′(a_j), changes its numbers. */
    private static boolean changesLayer(Plan plan, Mutant m, int j) {
        Activation.Kind g = plan.activation(j).kind();
        return switch (m) {
            case GPRIME_AT_H -> g == Activation.Kind.LOGISTIC || g == Activation.Kind.TANH || g == Activation.Kind.SOFTPLUS;
            case WRONG_LAYER_GPRIME -> plan.units(j + 1) == plan.units(j) && g != Activation.Kind.IDENTITY;
            case TANH_PRIME_AS_1_MINUS_TANH -> g == Activation.Kind.TANH;
            case LOGISTIC_PRIME_AS_G -> g == Activation.Kind.LOGISTIC;
            default -> false;
        };
    }

    private static boolean allBiasesZero(Plan plan, Parameters theta) {
        for (int k = 1; k <= plan.depth(); k++) {
            for (double v : theta.b(k).data) {
                if (v != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A backprop for {@code plan} with this bug planted. */
    public Backprop plant(Plan plan) {
        return switch (this) {
            case NO_TRANSPOSE -> new Backprop(plan) {
                @Override
                protected void hiddenGradient(int k, Matrix W_k, Matrix gradA_k, Matrix gradH_km1) {
                    Matrix misread = new Matrix(W_k.cols, W_k.rows, W_k.data);   // bug: W_k's data taken as Wᵀ's
                    Ops.mult(misread, gradA_k, gradH_km1);
                }
            };
            case G_INSTEAD_OF_G_PRIME -> new Backprop(plan) {
                @Override
                protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
                    Activations.apply(plan.activation(k - 1), a_km1, gradA_km1);   // bug: g(a) where g′(a) belongs
                    Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);
                }
            };
            case GPRIME_AT_H, TANH_PRIME_AS_1_MINUS_TANH, LOGISTIC_PRIME_AS_G -> new Backprop(plan) {
                @Override
                protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
                    if (!changesLayer(plan, Mutant.this, k - 1)) {
                        super.preActivationGradient(k, gradH_km1, a_km1, h_km1, gradA_km1);
                        return;
                    }
                    wrongDerivative(plan.activation(k - 1), a_km1, h_km1, gradA_km1);
                    Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);
                }
            };
            case WRONG_LAYER_GPRIME -> new Backprop(plan) {
                private final ThreadLocal<ForwardPass> pass = new ThreadLocal<>();

                @Override
                public Gradients backward(ForwardPass f, Parameters theta, Batch batch, Gradients into) {
                    pass.set(f);
                    return super.backward(f, theta, batch, into);
                }

                @Override
                protected void preActivationGradient(int k, Matrix gradH_km1, Matrix a_km1, Matrix h_km1, Matrix gradA_km1) {
                    Matrix a_k = pass.get().a(k);
                    if (!changesLayer(plan, WRONG_LAYER_GPRIME, k - 1)) {
                        super.preActivationGradient(k, gradH_km1, a_km1, h_km1, gradA_km1);
                        return;
                    }
                    Activation g = plan.activation(k - 1);
                    Matrix gOfA_k = Activations.apply(g, a_k, new Matrix(a_k.rows, a_k.cols));
                    Activations.derivative(g, a_k, gOfA_k, gradA_km1);              // bug: g′(a_k) for g′(a_{k−1})
                    Ops.hadamard(gradH_km1, gradA_km1, gradA_km1);
                }
            };
            case OUTPUT_SIGN_FLIPPED -> new Backprop(plan) {
                @Override
                protected void outputGradient(ForwardPass f, Batch batch, Matrix gradA_L) {
                    super.outputGradient(f, batch, gradA_L);
                    Ops.scale(-1, gradA_L);                                          // bug: (e(y) − ŷ) / B
                }
            };
            case SOFTMAX_SE_WITHOUT_JACOBIAN -> new Backprop(plan) {
                @Override
                protected void outputGradient(ForwardPass f, Batch batch, Matrix gradA_L) {
                    double s = batchScale(batch.size());
                    for (int i = 0; i < gradA_L.size(); i++) {
                        gradA_L.data[i] = s * (f.yhat().data[i] - batch.y().data[i]); // bug: ∇ŷ taken as ∇a_L
                    }
                }
            };
            case SE_FACTOR -> new Backprop(plan) {
                @Override
                protected void outputGradient(ForwardPass f, Batch batch, Matrix gradA_L) {
                    super.outputGradient(f, batch, gradA_L);
                    Ops.scale(2, gradA_L);                                           // bug: ∇ŷ = 2(ŷ − y)
                }
            };
            case BIAS_GRADIENT_DROPPED -> new Backprop(plan) {
                @Override
                protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
                    Arrays.fill(gradB_k.data, 0.0);                                  // bug: ∇b_k = 0
                }
            };
            case BIAS_NOT_SUMMED -> new Backprop(plan) {
                @Override
                protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
                    for (int i = 0; i < gradB_k.rows; i++) {
                        gradB_k.data[i] = gradA_k.get(i, 0);                         // bug: ∇b_k = ∇a_k[:, 0]
                    }
                }
            };
            case LOOP_STOPS_EARLY -> new Backprop(plan) {
                @Override
                protected int lastLayer() {
                    return 2;                                                        // bug: for k = L to 2
                }
            };
            case SUM_NOT_MEAN -> new Backprop(plan) {
                @Override
                protected double batchScale(int batchSize) {
                    return 1;                                                        // bug: Σ over the batch, no 1/B
                }
            };
            case MEAN_TWICE -> new Backprop(plan) {
                @Override
                protected void weightGradient(int k, Matrix gradA_k, Matrix h_km1, Parameters theta, Matrix gradW_k) {
                    Ops.multTransB(gradA_k, h_km1, gradW_k);
                    Ops.scale(1.0 / gradA_k.cols, gradW_k);                          // bug: ∇a_k h_{k−1}ᵀ / B again
                    if (decay() != 0) {
                        Ops.addScaled(decay(), theta.W(k), gradW_k);
                    }
                }

                @Override
                protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
                    super.biasGradient(k, gradA_k, gradB_k);
                    Ops.scale(1.0 / gradA_k.cols, gradB_k);                          // bug: ∇a_k 1 / B again
                }
            };
            case DECAY_FORGOTTEN -> new Backprop(plan) {
                @Override
                protected double decay() {
                    return 0;                                                        // bug: ∇W_k without λW_k
                }
            };
            case DECAY_ON_BIASES -> new Backprop(plan) {
                private final ThreadLocal<Parameters> weights = new ThreadLocal<>();

                @Override
                public Gradients backward(ForwardPass f, Parameters theta, Batch batch, Gradients into) {
                    weights.set(theta);
                    return super.backward(f, theta, batch, into);
                }

                @Override
                protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
                    super.biasGradient(k, gradA_k, gradB_k);
                    Ops.addScaled(decay(), weights.get().b(k), gradB_k);             // bug: + λb_k
                }
            };
            case BATCHNORM_STATS_AS_CONSTANTS -> new Backprop(plan) {
                @Override
                protected void normalizationGradient(int k, Matrix gradAhat_k, ForwardPass f,
                                                     Parameters theta, Matrix gradA_k) {
                    BatchNorm.constantStatisticsGradient(gradAhat_k, theta.gamma(k), f.variance()[k],
                            plan.batchNormEps(k), gradA_k);                          // bug: μ, σ² as constants
                }
            };
            case BATCHNORM_VARIANCE_UNBIASED -> new Backprop(plan) {
                @Override
                protected void normalizationGradient(int k, Matrix gradAhat_k, ForwardPass f,
                                                     Parameters theta, Matrix gradA_k) {
                    BatchNorm.preActivationGradient(gradAhat_k, f.xhat()[k], theta.gamma(k), f.variance()[k],
                            plan.batchNormEps(k), gradAhat_k.cols - 1, gradA_k);     // bug: 1/(B − 1)
                }
            };
            case DROPOUT_MASK_FORGOTTEN -> new Backprop(plan) {
                @Override
                protected void dropoutGradient(int k, Matrix gradH_k, Matrix mask, double p, Matrix gradZ_k) {
                    System.arraycopy(gradH_k.data, 0, gradZ_k.data, 0, gradH_k.size());
                    Ops.scale(1.0 / (1.0 - p), gradZ_k);                             // bug: no ⊙ m_k
                }
            };
            case DROPOUT_SCALE_FORGOTTEN -> new Backprop(plan) {
                @Override
                protected void dropoutGradient(int k, Matrix gradH_k, Matrix mask, double p, Matrix gradZ_k) {
                    Ops.hadamard(gradH_k, mask, gradZ_k);                            // bug: no 1/(1 − p)
                }
            };
        };
    }

    /** The wrong g′ of {@link #GPRIME_AT_H}, {@link #TANH_PRIME_AS_1_MINUS_TANH}, {@link #LOGISTIC_PRIME_AS_G}. */
    private void wrongDerivative(Activation g, Matrix a, Matrix h, Matrix out) {
        switch (this) {
            case GPRIME_AT_H -> {
                Matrix gOfH = Activations.apply(g, h, new Matrix(h.rows, h.cols));
                Activations.derivative(g, h, gOfH, out);                             // bug: g′(h) for g′(a)
            }
            case TANH_PRIME_AS_1_MINUS_TANH -> {
                for (int i = 0; i < out.size(); i++) out.data[i] = 1 - h.data[i];    // bug: 1 − tanh, not 1 − tanh²
            }
            case LOGISTIC_PRIME_AS_G -> System.arraycopy(h.data, 0, out.data, 0, out.size()); // bug: σ′ = σ
            default -> throw new IllegalStateException(id + " plants no g′");
        }
    }
}
