package netgrad.check;

import netgrad.fd.FiniteDifferences;
import netgrad.linalg.Matrix;

/**
 * The finite differences taken for one quantity, kept so that the same estimates serve the check of the correct
 * backprop and of every planted mistake (power costs one backward pass per mistake, no new differences).
 *
 * @param step      the step of the derivation whose quantity was differenced
 * @param indices   the entries differenced (row-major), or null in directional mode
 * @param direction the unit direction u in directional mode, else null
 * @param estimates one per index, or the single directional estimate
 * @param noise     the rounding noise of these differences ({@link Tolerances#fdNoise})
 * @param rounding  the rounding noise backprop and the tape may differ by ({@link Verifier#roundingFloors})
 */
record Probe(Step step, int[] indices, Matrix direction, FiniteDifferences.Estimate[] estimates, double noise,
             double rounding) {}
