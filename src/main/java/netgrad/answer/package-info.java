/**
 * A user's own answer, checked ({@code verify --problem P --gradients MINE}): {@link netgrad.answer.Target} (the
 * names people give their arrays), {@link netgrad.answer.Answer} (reading and refusing them, one line each),
 * {@link netgrad.answer.YoursCheck} (forward values, then every step in back_propagation's order, each array's
 * layout and reduction), {@link netgrad.answer.Diagnosis} (the catalogue mistake that gives the user's numbers,
 * or the error's shape), {@link netgrad.answer.YoursReport} (text and the stable JSON), and
 * {@link netgrad.answer.Handout} (only conclusive problems are handed out). Above check/, whose verified engines
 * and catalogue ({@link netgrad.check.Mutant}) it uses; the problem files themselves are problem/'s.
 */
package netgrad.answer;
