package netgrad.train;

import netgrad.model.Parameters;

/**
 * Which epoch's θ a training run keeps ({@code train --keep}), and a copy of it. {@link Keep#BEST}: model selection
 * by validation accuracy, the epoch whose θ classified the most validation examples correctly (a tie goes to the
 * lower validation loss, then to the earlier epoch); {@link Keep#LAST}: the last complete epoch. The copy holds
 * every value of θ, batch norm's running μ̄_k and σ̄²_k included, so evaluating the kept θ gives that epoch's
 * validation figures again, bit for bit. Epoch 0 stands for the initial θ (a run that diverged in its first epoch).
 */
public final class KeptEpoch {
    /** The choice: the epoch of highest validation accuracy, or the last complete one. */
    public enum Keep {
        BEST("best"), LAST("last");

        private final String keyword;

        Keep(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    private final Keep keep;
    private final Parameters copy;      // θ at the kept epoch (BEST; LAST needs none: θ ends there)
    private EpochResult kept;           // null: none yet, the initial θ

    /** Starts from the initial {@code theta} (epoch 0). */
    public KeptEpoch(Keep keep, Parameters theta) {
        this.keep = keep;
        this.copy = keep == Keep.BEST ? theta.copy() : null;
    }

    public Keep keep() {
        return keep;
    }

    /**
     * Offers θ at the end of epoch {@code r}; returns whether it is now the kept one (so the weights file should be
     * rewritten).
     */
    public boolean offer(EpochResult r, Parameters theta) {
        if (keep == Keep.LAST || kept == null || better(r, kept)) {
            kept = r;
            if (copy != null) {
                copy.setFrom(theta);
            }
            return true;
        }
        return false;
    }

    /** Higher validation accuracy, or the same and a strictly lower validation loss. */
    static boolean better(EpochResult r, EpochResult than) {
        return r.validationAccuracy() > than.validationAccuracy()
                || r.validationAccuracy() == than.validationAccuracy() && r.validationLoss() < than.validationLoss();
    }

    /**
     * Sets θ to the kept epoch's. With {@link Keep#LAST} θ is left as it is: the trainer ends on the last complete
     * epoch (or, after a divergence, sets θ back to it).
     */
    public void restore(Parameters theta) {
        if (copy != null) {
            theta.setFrom(copy);
        }
    }

    /** The kept epoch's figures, or null for the initial θ. */
    public EpochResult kept() {
        return kept;
    }

    /** The kept epoch's number, 0 for the initial θ. */
    public int epoch() {
        return kept == null ? 0 : kept.epoch();
    }
}
