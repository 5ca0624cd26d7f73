/**
 * The problem a check, a trace or a graph runs on: the batch x (n_0 × B) and targets y drawn from a seed
 * ({@link netgrad.problem.BatchMaker}) or one example given as x and y ({@link netgrad.problem.Examples}).
 * Used by verify, explain and graph; the problem files of "Check the user's own backprop" (W, b, x, y in an
 * .npz, {@link netgrad.problem.ProblemFile}, in a {@link netgrad.problem.Layout}; with batch norm and dropout also
 * γ_k, β_k, ε_k and the masks m_k, p_k, {@link netgrad.problem.OperationArrays}) are here too; which problems are
 * conclusive enough to hand out is decided above the engines, in answer/Handout. Imports only the plan, the
 * model, io and the matrix core.
 */
package netgrad.problem;
