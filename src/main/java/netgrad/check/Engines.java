package netgrad.check;

import netgrad.backprop.Backprop;
import netgrad.backprop.ForwardPass;
import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Plan;
import netgrad.tape.Recorder;
import netgrad.tape.Recording;

/** Runs the two analytic engines on one batch and the three-way check on their results. */
public final class Engines {
    private Engines() {}

    /** Hand-derived backprop (or a test double of it with a planted bug). */
    public static EngineResult backprop(Backprop backprop, Parameters theta, Batch batch) {
        ForwardPass f = backprop.forward(theta, batch);
        return new EngineResult("backprop", backprop.loss(f, theta, batch), backprop.backward(f, theta, batch));
    }

    /** The reverse-mode tape of elementary operations. */
    public static EngineResult tape(Plan plan, Parameters theta, Batch batch) {
        Recording recording = Recorder.record(plan, theta, batch);
        return new EngineResult("tape", recording.lossValue(), recording.gradients());
    }

    /** backprop (as given), the tape and finite differences on θ and the batch. */
    public static VerifyReport verify(Backprop backprop, Parameters theta, Batch batch, Verifier.Options options) {
        Plan plan = backprop.plan();
        return Verifier.verify(plan, theta, batch, backprop(backprop, theta, batch), tape(plan, theta, batch), options);
    }

    /** The correct backprop, the tape and finite differences. */
    public static VerifyReport verify(Plan plan, Parameters theta, Batch batch, Verifier.Options options) {
        return verify(new Backprop(plan), theta, batch, options);
    }
}
