package netgrad.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lanes of {@link Transcendental}: the scalar formulas ({@link Transcendental#tanh(double)}, the logistic of
 * {@code backprop/Activations}), both branches computed in every lane and blended by the branch's condition.
 * Loaded only when the Vector API module is present.
 */
final class VectorTranscendental implements Transcendental.Lanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    // Cephes tanh.c's constants, shared with the scalar form Transcendental.tanh(double)
    private static final double P0 = Transcendental.TANH_P0, P1 = Transcendental.TANH_P1, P2 = Transcendental.TANH_P2;
    private static final double Q0 = Transcendental.TANH_Q0, Q1 = Transcendental.TANH_Q1, Q2 = Transcendental.TANH_Q2;

    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);

    @Override
    public int tanh(double[] in, double[] out, int n) {
        int i = 0;
        for (; i + W <= n; i += W) {
            DoubleVector z = DoubleVector.fromArray(S, in, i);
            DoubleVector x = z.abs();
            DoubleVector s = x.mul(x);
            DoubleVector p = s.mul(P0).add(P1).mul(s).add(P2);
            DoubleVector q = s.add(Q0).mul(s).add(Q1).mul(s).add(Q2);
            DoubleVector small = x.add(x.mul(s).mul(p.div(q)));                  // x + x s P(s)/Q(s), |z| < 0.625
            DoubleVector e = exp(x.mul(2.0));
            DoubleVector large = ONE.sub(TWO.div(e.add(1.0)));                      // 1 − 2/(e^{2x} + 1)
            VectorMask<Double> near = x.lt(Transcendental.TANH_SMALL);
            DoubleVector t = large.blend(small, near);
            // copysign(t, z): t's bits (sign clear: t ≥ 0 or NaN) or z's sign bit
            t.viewAsIntegralLanes().or(z.viewAsIntegralLanes().and(Long.MIN_VALUE)).viewAsFloatingLanes()
                    .intoArray(out, i);
        }
        return i;
    }

    @Override
    public int logistic(double[] in, double[] out, int n) {
        int i = 0;
        for (; i + W <= n; i += W) {
            DoubleVector z = DoubleVector.fromArray(S, in, i);
            DoubleVector e = exp(z.abs().neg());                                    // e^−|z| ≤ 1: never overflows
            DoubleVector positive = ONE.div(ONE.add(e));                            // z ≥ 0: 1/(1 + e^−z)
            DoubleVector negative = e.div(ONE.add(e));                              // z < 0: e^z/(1 + e^z)
            positive.blend(negative, z.lt(0.0)).intoArray(out, i);
        }
        return i;
    }

    /** {@link Transcendental#exp(double)} lane by lane: the same operations in the same order, so the same bits. */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector t = x.mul(Transcendental.LOG2E).add(Transcendental.SHIFT);
        DoubleVector k = t.sub(Transcendental.SHIFT);
        DoubleVector r = x.sub(k.mul(Transcendental.LN2_HI)).sub(k.mul(Transcendental.LN2_LO));
        DoubleVector p = DoubleVector.broadcast(S, Transcendental.E13);
        p = p.mul(r).add(Transcendental.E12);
        p = p.mul(r).add(Transcendental.E11);
        p = p.mul(r).add(Transcendental.E10);
        p = p.mul(r).add(Transcendental.E9);
        p = p.mul(r).add(Transcendental.E8);
        p = p.mul(r).add(Transcendental.E7);
        p = p.mul(r).add(Transcendental.E6);
        p = p.mul(r).add(Transcendental.E5);
        p = p.mul(r).add(Transcendental.E4);
        p = p.mul(r).add(Transcendental.E3);
        p = p.mul(r).add(Transcendental.E2);
        p = p.mul(r).add(1.0);
        p = p.mul(r).add(1.0);
        DoubleVector scale = ((LongVector) t.viewAsIntegralLanes()).sub(Transcendental.SHIFT_BITS - 1023)
                .lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes().reinterpretAsDoubles();
        DoubleVector e = p.mul(scale);
        e = e.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GE, Transcendental.EXP_HIGH));
        return e.blend(0.0, x.compare(VectorOperators.LE, Transcendental.EXP_LOW));
    }

    @Override
    public int relu(double[] in, double[] out, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (; i + W <= n; i += W) {
            DoubleVector z = DoubleVector.fromArray(S, in, i);
            zero.blend(z, z.compare(VectorOperators.GT, 0.0)).intoArray(out, i);    // z > 0 ? z : 0
        }
        return i;
    }

    @Override
    public int step(double[] in, double[] out, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (; i + W <= n; i += W) {
            DoubleVector z = DoubleVector.fromArray(S, in, i);
            zero.blend(ONE, z.compare(VectorOperators.GT, 0.0)).intoArray(out, i);  // z > 0 ? 1 : 0
        }
        return i;
    }
}
