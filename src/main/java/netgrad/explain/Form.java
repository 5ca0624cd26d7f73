package netgrad.explain;

/**
 * Which loss a symbolic derivation differentiates. Lecture 4's network (and one with dropout only) is derived for
 * the loss ℓ of one example, every a_k, h_k an n_k-vector, and the batch added at the end. Batch normalisation
 * couples the examples (μ_k and σ²_k are means over the batch), so a network with it is derived for the batch
 * loss ℒ directly, every a_k, h_k an n_k × B matrix whose columns are the examples.
 */
enum Form {
    ONE_EXAMPLE, BATCH;

    /** The form a plan is derived in: {@link #BATCH} when some layer normalises over the batch. */
    static Form of(netgrad.plan.Plan plan) {
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                return BATCH;
            }
        }
        return ONE_EXAMPLE;
    }

    /** ∇_q ℓ (one example) or ∇_q ℒ (the batch), q in LaTeX. */
    String grad(String q) {
        return this == BATCH ? Notation.grad(q) : Notation.gradOne(q);
    }

    /** The shape of an intermediate of n units: [n] for one example, [n×B] for the batch. */
    String col(int n) {
        return this == BATCH ? "[" + n + "\\times{}B]" : Notation.vec(n);
    }
}
