package netgrad.check;

import netgrad.model.Gradients;

/** What one engine computed for a batch: the loss L and the gradients of every quantity (see {@link Gradients}). */
public record EngineResult(String engine, double loss, Gradients gradients) {}
