package netgrad.check;

import netgrad.backprop.Activations;
import netgrad.backprop.BatchNorm;
import netgrad.backprop.Backprop;
import netgrad.linalg.Matrix;
import netgrad.linalg.Ops;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;

/**
 * Classic derivation bugs, each planted into one step of a copy of the hand-derived backprop (a subclass that
 * overrides that step). A gradient check is only worth something if it catches every one of them at the step
 * where it was planted: {@code netgrad verify --self-test} and the mutation tests show that it does.
 */
public enum Mutant {
    /** ∇h_{k−1} = W_k ∇a_k with W_k's numbers read as if they were Wᵀ's (an index bug with a valid shape). */
    NO_TRANSPOSE("W_k used without its transpose in ∇h_{k−1} (W_k's numbers read as an n_{k−1}×n_k matrix)"),
    /** ∇a_{k−1} = ∇h_{k−1} ⊙ g(a_{k−1}). */
    G_INSTEAD_OF_G_PRIME("g instead of g′ in ∇a_{k−1} = ∇h_{k−1} ⊙ g′(a_{k−1})"),
    /** ∇a_L = (e(y) − ŷ) / B. */
    OUTPUT_SIGN_FLIPPED("the sign of the output gradient flipped"),
    /** ∇b_k = 0. */
    BIAS_GRADIENT_DROPPED("the bias gradient dropped (∇b_k left at 0)"),
    /** for k = L to 2: ∇W_1 and ∇b_1 are never computed. */
    LOOP_STOPS_EARLY("the backward loop stops one layer early (k = L to 2), so ∇W_1 and ∇b_1 stay 0"),
    /** The sum over the batch instead of the mean: no 1/B. */
    SUM_NOT_MEAN("the sum over the batch instead of the mean (no 1/B in ∇a_L)"),
    /** ∇W_k = ∇a_k h_{k−1}ᵀ without + λW_k. */
    DECAY_FORGOTTEN("weight decay forgotten in ∇W_k (no + λW_k)"),
    /** batchnorm-stats-as-constants: ∇a_k = γ ⊙ ∇â_k / √(σ² + ε), as if μ and σ² did not depend on a_k. */
    BATCHNORM_STATS_AS_CONSTANTS("batch norm's μ and σ² treated as constants in ∇a_k (∇a_k = γ ∇â_k / s)"),
    /** batchnorm-variance-unbiased: ∂σ²/∂a = 2(a − μ)/(B − 1) in the backward pass, while forward divides by B. */
    BATCHNORM_VARIANCE_UNBIASED("batch norm's backward uses the unbiased variance, 1/(B − 1) for 1/B"),
    /** dropout-mask-forgotten-in-backward: ∇z_k = ∇h_k / (1 − p), without ⊙ m_k. */
    DROPOUT_MASK_FORGOTTEN("dropout's mask forgotten in backward (∇z_k = ∇h_k / (1 − p), no ⊙ m_k)"),
    /** dropout-scale-forgotten: ∇z_k = ∇h_k ⊙ m_k, without the 1/(1 − p). */
    DROPOUT_SCALE_FORGOTTEN("dropout's 1/(1 − p) forgotten in backward (∇z_k = ∇h_k ⊙ m_k)");

    private final String description;

    Mutant(String description) {
        this.description = description;
    }

    public String description() {
        return description;
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
            case LOOP_STOPS_EARLY -> depth < 2 ? "the network has one layer, so the loop has nothing to skip" : null;
            case SUM_NOT_MEAN -> examples < 2 ? "with one example the sum equals the mean" : null;
            case DECAY_FORGOTTEN -> plan.weightDecay() == 0 ? "the network has no weight decay" : null;
            case BATCHNORM_STATS_AS_CONSTANTS -> batchNormLayer(plan) < 0 ? "the network has no batch norm" : null;
            case BATCHNORM_VARIANCE_UNBIASED -> batchNormLayer(plan) < 0 ? "the network has no batch norm"
                    : examples < 2 ? "with one example there is no unbiased variance" : null;
            case DROPOUT_MASK_FORGOTTEN, DROPOUT_SCALE_FORGOTTEN -> dropoutLayer(plan) < 0 ? "the network has no dropout"
                    : null;
            default -> null;
        };
    }

    /** The step where verify must report the first disagreement: the quantity it computes (a_3, W_2, h_1, …). */
    public Quantity expectedStep(Plan plan) {
        int depth = plan.depth();
        return switch (this) {
            case NO_TRANSPOSE -> Quantity.h(transposeLayer(plan) - 1);
            case G_INSTEAD_OF_G_PRIME -> plan.batchNorm(depth - 1) ? Quantity.ahat(depth - 1) : Quantity.a(depth - 1);
            case OUTPUT_SIGN_FLIPPED, SUM_NOT_MEAN -> Quantity.a(depth);
            case BIAS_GRADIENT_DROPPED -> Quantity.b(depth);
            case LOOP_STOPS_EARLY -> Quantity.W(1);
            case DECAY_FORGOTTEN -> Quantity.W(depth);
            case BATCHNORM_STATS_AS_CONSTANTS, BATCHNORM_VARIANCE_UNBIASED -> Quantity.a(batchNormLayer(plan));
            case DROPOUT_MASK_FORGOTTEN, DROPOUT_SCALE_FORGOTTEN -> plan.batchNorm(dropoutLayer(plan))
                    ? Quantity.ahat(dropoutLayer(plan)) : Quantity.a(dropoutLayer(plan));
        };
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
            case OUTPUT_SIGN_FLIPPED -> new Backprop(plan) {
                @Override
                protected void outputGradient(netgrad.backprop.ForwardPass f, netgrad.model.Batch batch, Matrix gradA_L) {
                    super.outputGradient(f, batch, gradA_L);
                    Ops.scale(-1, gradA_L);                                          // bug: (e(y) − ŷ) / B
                }
            };
            case BIAS_GRADIENT_DROPPED -> new Backprop(plan) {
                @Override
                protected void biasGradient(int k, Matrix gradA_k, Matrix gradB_k) {
                    java.util.Arrays.fill(gradB_k.data, 0.0);                       // bug: ∇b_k = 0
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
            case DECAY_FORGOTTEN -> new Backprop(plan) {
                @Override
                protected double decay() {
                    return 0;                                                        // bug: ∇W_k without λW_k
                }
            };
            case BATCHNORM_STATS_AS_CONSTANTS -> new Backprop(plan) {
                @Override
                protected void normalizationGradient(int k, Matrix gradAhat_k, netgrad.backprop.ForwardPass f,
                                                     netgrad.model.Parameters theta, Matrix gradA_k) {
                    BatchNorm.constantStatisticsGradient(gradAhat_k, theta.gamma(k), f.variance()[k],
                            plan.batchNormEps(k), gradA_k);                          // bug: μ, σ² as constants
                }
            };
            case BATCHNORM_VARIANCE_UNBIASED -> new Backprop(plan) {
                @Override
                protected void normalizationGradient(int k, Matrix gradAhat_k, netgrad.backprop.ForwardPass f,
                                                     netgrad.model.Parameters theta, Matrix gradA_k) {
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
}
