package netgrad.plan;

/**
 * How the weights are initialised; biases start at zero.
 *
 * @param scheme random (N(0, scale²)), xavier (N(0, 2/(n_in+n_out))), he (N(0, 2/n_in)), zeros (W_k = 0:
 *               every unit of a layer then computes the same, so no step can break the symmetry)
 * @param scale  the standard deviation for {@code random}; ignored otherwise
 * @param seed   the seed of the generator, so every run is reproducible bit for bit
 */
public record Init(Scheme scheme, double scale, long seed) {
    public enum Scheme {
        RANDOM("random"), XAVIER("xavier"), HE("he"), ZEROS("zeros");

        private final String keyword;

        Scheme(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public static Init xavier(long seed) {
        return new Init(Scheme.XAVIER, 0, seed);
    }
}
