/**
 * Central finite differences, the third engine: ∂L/∂q ≈ (L(q + ε) − L(q − ε)) / 2ε from its own forward pass
 * ({@link netgrad.fd.LossFunction}), written from the definitions alone. A peer of backprop/ and tape/: it
 * imports neither of them, nor the comparison in check/ that sits above all three. Also the step-free second
 * opinion, the Taylor-remainder test ({@link netgrad.fd.Taylor}), on the same forward pass.
 */
package netgrad.fd;
