package netgrad.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 SIMD kernel (JDK Vector API, the widest species: 16 floats with AVX-512). Rows of C go in blocks of
 * 6 (the row split of {@link FloatGemm} keeps to multiples of 6), each in register tiles of 6 rows × 4 vectors (24
 * accumulators, 4 loads of row t of B and 6 broadcasts of A per step: 64 columns, one batch of 64), then 6 × 2 and
 * 6 × 1 vectors (32 and 16 columns: the half batches of two threads); leftover rows in pairs (2 × 4, 2 × 1 vectors) and then
 * singly (1 × 4, 1 × 1), the last
 * (&lt; one vector) columns in a scalar loop. Every entry is the same chain of fused multiply-adds in every tile
 * (see {@link FloatKernel}). Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class FloatVectorKernel implements FloatKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    @Override
    public String name() {
        return "vector" + W * 32;
    }

    /** The sum of 0·d_i in 2 × {@code W} lanes (finite entries give ±0, a NaN or ±∞ makes it NaN), then the tail. */
    @Override
    public boolean allFinite(float[] d, int from, int to) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = from;
        for (; i + 2 * W <= to; i += 2 * W) {
            s0 = s0.add(FloatVector.fromArray(S, d, i).mul(0f));                // s += 0·d_i, lane by lane
            s1 = s1.add(FloatVector.fromArray(S, d, i + W).mul(0f));
        }
        float s = s0.add(s1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            s += 0 * d[i];
        }
        return s == 0;
    }

    @Override
    public void relu(float[] z, float[] h, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector v = FloatVector.fromArray(S, z, i);
            zero.blend(v, v.compare(jdk.incubator.vector.VectorOperators.GT, 0f)).intoArray(h, i);   // z > 0 ? z : 0
        }
        for (; i < n; i++) h[i] = z[i] > 0 ? z[i] : 0f;
    }

    @Override
    public void reluBack(float[] z, float[] d, float[] r, int n) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector step = zero.blend(one, FloatVector.fromArray(S, z, i)
                    .compare(jdk.incubator.vector.VectorOperators.GT, 0f));              // [z > 0]
            FloatVector.fromArray(S, d, i).mul(step).intoArray(r, i);                    // d · [z > 0]
        }
        for (; i < n; i++) r[i] = d[i] * (z[i] > 0 ? 1f : 0f);
    }

    @Override
    public void multiply(float[] a, int ars, int acs, float[] b, float[] c,
                         int rowStart, int rowEnd, int depth, int cols, boolean accumulate) {
        int i = rowStart;
        for (; i + 6 <= rowEnd; i += 6) {
            int j = 0;
            for (; j + 4 * W <= cols; j += 4 * W) tile6x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            for (; j + 2 * W <= cols; j += 2 * W) tile6x2(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            for (; j + W <= cols; j += W) tile6x1(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            for (int r = i; r < i + 6; r++) scalarRow(a, ars, acs, b, c, r, j, depth, cols, accumulate);
        }
        for (; i + 2 <= rowEnd; i += 2) {      // the rows left over: pairs, then one, 4 vectors at a time
            int j = 0;
            for (; j + 4 * W <= cols; j += 4 * W) tile2x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            for (; j + W <= cols; j += W) tile2x1(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            scalarRow(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            scalarRow(a, ars, acs, b, c, i + 1, j, depth, cols, accumulate);
        }
        for (; i < rowEnd; i++) {
            int j = 0;
            for (; j + 4 * W <= cols; j += 4 * W) tile1x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            for (; j + W <= cols; j += W) tile1x1(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            scalarRow(a, ars, acs, b, c, i, j, depth, cols, accumulate);
        }
    }

    @Override
    public void tanh(float[] in, float[] out, int n) {
        FloatVector a1 = FloatVector.broadcast(S, FloatTanh.A1), a3 = FloatVector.broadcast(S, FloatTanh.A3);
        FloatVector a5 = FloatVector.broadcast(S, FloatTanh.A5), a7 = FloatVector.broadcast(S, FloatTanh.A7);
        FloatVector a9 = FloatVector.broadcast(S, FloatTanh.A9), a11 = FloatVector.broadcast(S, FloatTanh.A11);
        FloatVector b0 = FloatVector.broadcast(S, FloatTanh.B0), b2 = FloatVector.broadcast(S, FloatTanh.B2);
        FloatVector b4 = FloatVector.broadcast(S, FloatTanh.B4);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector z = FloatVector.fromArray(S, in, i);
            FloatVector x = z.min(FloatTanh.CLAMP).max(-FloatTanh.CLAMP);
            FloatVector s = x.mul(x);
            FloatVector p = s.fma(FloatTanh.A13, FloatTanh.A11);     // the operations of FloatTanh.tanh, in its order
            p = s.fma(p, a9);
            p = s.fma(p, a7);
            p = s.fma(p, a5);
            p = s.fma(p, a3);
            p = s.fma(p, a1);
            p = x.mul(p);
            FloatVector q = s.fma(FloatTanh.B6, FloatTanh.B4);
            q = s.fma(q, b2);
            q = s.fma(q, b0);
            VectorMask<Float> tiny = z.abs().lt(FloatTanh.TINY);
            p.div(q).blend(z, tiny).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = FloatTanh.tanh(in[i]);
    }

    private static void tile6x4(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols, r4 = r3 + cols, r5 = r4 + cols;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        FloatVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        FloatVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + W, accumulate);
        FloatVector c12 = start(c, r1 + 2 * W, accumulate), c13 = start(c, r1 + 3 * W, accumulate);
        FloatVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + W, accumulate);
        FloatVector c22 = start(c, r2 + 2 * W, accumulate), c23 = start(c, r2 + 3 * W, accumulate);
        FloatVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + W, accumulate);
        FloatVector c32 = start(c, r3 + 2 * W, accumulate), c33 = start(c, r3 + 3 * W, accumulate);
        FloatVector c40 = start(c, r4, accumulate), c41 = start(c, r4 + W, accumulate);
        FloatVector c42 = start(c, r4 + 2 * W, accumulate), c43 = start(c, r4 + 3 * W, accumulate);
        FloatVector c50 = start(c, r5, accumulate), c51 = start(c, r5 + W, accumulate);
        FloatVector c52 = start(c, r5 + 2 * W, accumulate), c53 = start(c, r5 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + W);
            FloatVector b2 = FloatVector.fromArray(S, b, bt + 2 * W);
            FloatVector b3 = FloatVector.fromArray(S, b, bt + 3 * W);
            int at = ai + t * acs;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[at + ars]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[at + 2 * ars]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[at + 3 * ars]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, a[at + 4 * ars]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(S, a[at + 5 * ars]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + W); c12.intoArray(c, r1 + 2 * W); c13.intoArray(c, r1 + 3 * W);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + W); c22.intoArray(c, r2 + 2 * W); c23.intoArray(c, r2 + 3 * W);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + W); c32.intoArray(c, r3 + 2 * W); c33.intoArray(c, r3 + 3 * W);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + W); c42.intoArray(c, r4 + 2 * W); c43.intoArray(c, r4 + 3 * W);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + W); c52.intoArray(c, r5 + 2 * W); c53.intoArray(c, r5 + 3 * W);
    }

    private static void tile6x2(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols, r4 = r3 + cols, r5 = r4 + cols;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        FloatVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + W, accumulate);
        FloatVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + W, accumulate);
        FloatVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + W, accumulate);
        FloatVector c40 = start(c, r4, accumulate), c41 = start(c, r4 + W, accumulate);
        FloatVector c50 = start(c, r5, accumulate), c51 = start(c, r5 + W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + W);
            int at = ai + t * acs;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[at + ars]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[at + 2 * ars]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[at + 3 * ars]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[at + 4 * ars]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[at + 5 * ars]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + W);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + W);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + W);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + W);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + W);
    }

    private static void tile6x1(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols, r4 = r3 + cols, r5 = r4 + cols;
        FloatVector c0 = start(c, r0, accumulate), c1 = start(c, r1, accumulate), c2 = start(c, r2, accumulate);
        FloatVector c3 = start(c, r3, accumulate), c4 = start(c, r4, accumulate), c5 = start(c, r5, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            FloatVector bt = FloatVector.fromArray(S, b, t * cols + j);
            int at = ai + t * acs;
            c0 = bt.fma(FloatVector.broadcast(S, a[at]), c0);
            c1 = bt.fma(FloatVector.broadcast(S, a[at + ars]), c1);
            c2 = bt.fma(FloatVector.broadcast(S, a[at + 2 * ars]), c2);
            c3 = bt.fma(FloatVector.broadcast(S, a[at + 3 * ars]), c3);
            c4 = bt.fma(FloatVector.broadcast(S, a[at + 4 * ars]), c4);
            c5 = bt.fma(FloatVector.broadcast(S, a[at + 5 * ars]), c5);
        }
        c0.intoArray(c, r0); c1.intoArray(c, r1); c2.intoArray(c, r2);
        c3.intoArray(c, r3); c4.intoArray(c, r4); c5.intoArray(c, r5);
    }

    /** 2 rows × 4 vectors: 8 accumulators, enough independent chains to hide the latency of the fused multiply-add. */
    private static void tile2x4(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        FloatVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        FloatVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + W, accumulate);
        FloatVector c12 = start(c, r1 + 2 * W, accumulate), c13 = start(c, r1 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + W);
            FloatVector b2 = FloatVector.fromArray(S, b, bt + 2 * W);
            FloatVector b3 = FloatVector.fromArray(S, b, bt + 3 * W);
            int at = ai + t * acs;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[at + ars]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + W); c12.intoArray(c, r1 + 2 * W); c13.intoArray(c, r1 + 3 * W);
    }

    /** 1 row × 4 vectors: 4 accumulators. */
    private static void tile1x4(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        FloatVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            FloatVector x = FloatVector.broadcast(S, a[ai + t * acs]);
            c00 = FloatVector.fromArray(S, b, bt).fma(x, c00);
            c01 = FloatVector.fromArray(S, b, bt + W).fma(x, c01);
            c02 = FloatVector.fromArray(S, b, bt + 2 * W).fma(x, c02);
            c03 = FloatVector.fromArray(S, b, bt + 3 * W).fma(x, c03);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
    }

    /** 2 rows × 1 vector. */
    private static void tile2x1(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols;
        FloatVector c0 = start(c, r0, accumulate), c1 = start(c, r1, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            FloatVector bt = FloatVector.fromArray(S, b, t * cols + j);
            int at = ai + t * acs;
            c0 = bt.fma(FloatVector.broadcast(S, a[at]), c0);
            c1 = bt.fma(FloatVector.broadcast(S, a[at + ars]), c1);
        }
        c0.intoArray(c, r0); c1.intoArray(c, r1);
    }

    private static void tile1x1(float[] a, int ars, int acs, float[] b, float[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j;
        FloatVector c0 = start(c, r0, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            c0 = FloatVector.fromArray(S, b, t * cols + j).fma(FloatVector.broadcast(S, a[ai + t * acs]), c0);
        }
        c0.intoArray(c, r0);
    }

    /** Columns j.. of row i of C, one at a time. */
    private static void scalarRow(float[] a, int ars, int acs, float[] b, float[] c,
                                  int i, int jStart, int depth, int cols, boolean accumulate) {
        for (int j = jStart; j < cols; j++) {
            float s = accumulate ? c[i * cols + j] : 0f;
            for (int t = 0; t < depth; t++) {
                s = Math.fma(a[i * ars + t * acs], b[t * cols + j], s);
            }
            c[i * cols + j] = s;
        }
    }

    private static FloatVector start(float[] c, int offset, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(S, c, offset) : FloatVector.zero(S);
    }
}
