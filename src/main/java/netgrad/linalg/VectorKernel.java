package netgrad.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel (JDK Vector API, widest species of the machine: 8 doubles with AVX-512). C is computed in
 * register tiles of 6 rows × 4 vectors: 24 accumulators stay in registers over the whole sum over t, each step
 * loading 4 vectors of row t of B and broadcasting 6 entries of A, then 24 fused multiply-adds (measured 10-25 %
 * faster than 4 × 4 tiles on AVX-512). Leftover rows and columns go through 4 × 4-, 4 × 1-, 2 × 4-, 2 × 1-, 1 × 4- and 1 × 1-vector tiles (the 2 rows
 * left of 128 in 6-row blocks would otherwise run one latency-bound chain per vector),
 * the last (&lt; one vector) columns through a scalar loop.
 * Loaded only when the module {@code jdk.incubator.vector} is present (see {@link Gemm}).
 */
final class VectorKernel implements Kernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    @Override
    public String name() {
        return "vector" + W * 64;
    }

    /** The sum of 0·d_i in 2 × {@code W} lanes (finite entries give ±0, a NaN or ±∞ makes it NaN), then the tail. */
    @Override
    public boolean allFinite(double[] d, int from, int to) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
        int i = from;
        for (; i + 2 * W <= to; i += 2 * W) {
            s0 = s0.add(DoubleVector.fromArray(S, d, i).mul(0.0));                // s += 0·d_i, lane by lane
            s1 = s1.add(DoubleVector.fromArray(S, d, i + W).mul(0.0));
        }
        double s = s0.add(s1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            s += 0 * d[i];
        }
        return s == 0;
    }

    @Override
    public void multiply(double[] a, int ars, int acs, double[] b, double[] c,
                         int rowStart, int rowEnd, int depth, int cols, boolean accumulate) {
        int i = rowStart;
        for (; i + 6 <= rowEnd; i += 6) {
            int j = 0;
            for (; j + 4 * W <= cols; j += 4 * W) {
                tile6x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            edge(a, ars, acs, b, c, i, i + 6, j, depth, cols, accumulate);
        }
        edge(a, ars, acs, b, c, i, rowEnd, 0, depth, cols, accumulate);
    }

    /** Rows [rowStart, rowEnd) from column jStart on: 4 × 4-vector, 4 × 1-vector, 1 × 1-vector tiles, then scalars. */
    private static void edge(double[] a, int ars, int acs, double[] b, double[] c,
                             int rowStart, int rowEnd, int jStart, int depth, int cols, boolean accumulate) {
        int i = rowStart;
        for (; i + 4 <= rowEnd; i += 4) {
            int j = jStart;
            for (; j + 4 * W <= cols; j += 4 * W) {
                tile4x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            for (; j + W <= cols; j += W) {
                tile4x1(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            for (int r = i; r < i + 4; r++) {
                scalarRow(a, ars, acs, b, c, r, j, depth, cols, accumulate);
            }
        }
        for (; i + 2 <= rowEnd; i += 2) {
            int j = jStart;
            for (; j + 4 * W <= cols; j += 4 * W) {
                tile2x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            for (; j + W <= cols; j += W) {
                tile2x1(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            scalarRow(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            scalarRow(a, ars, acs, b, c, i + 1, j, depth, cols, accumulate);
        }
        for (; i < rowEnd; i++) {
            int j = jStart;
            for (; j + 4 * W <= cols; j += 4 * W) {
                tile1x4(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            for (; j + W <= cols; j += W) {
                tile1x1(a, ars, acs, b, c, i, j, depth, cols, accumulate);
            }
            scalarRow(a, ars, acs, b, c, i, j, depth, cols, accumulate);
        }
    }

    private static void tile6x4(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols, r4 = r3 + cols, r5 = r4 + cols;
        DoubleVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        DoubleVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        DoubleVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + W, accumulate);
        DoubleVector c12 = start(c, r1 + 2 * W, accumulate), c13 = start(c, r1 + 3 * W, accumulate);
        DoubleVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + W, accumulate);
        DoubleVector c22 = start(c, r2 + 2 * W, accumulate), c23 = start(c, r2 + 3 * W, accumulate);
        DoubleVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + W, accumulate);
        DoubleVector c32 = start(c, r3 + 2 * W, accumulate), c33 = start(c, r3 + 3 * W, accumulate);
        DoubleVector c40 = start(c, r4, accumulate), c41 = start(c, r4 + W, accumulate);
        DoubleVector c42 = start(c, r4 + 2 * W, accumulate), c43 = start(c, r4 + 3 * W, accumulate);
        DoubleVector c50 = start(c, r5, accumulate), c51 = start(c, r5 + W, accumulate);
        DoubleVector c52 = start(c, r5 + 2 * W, accumulate), c53 = start(c, r5 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bt + W);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bt + 2 * W);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bt + 3 * W);
            int at = ai + t * acs;
            DoubleVector x = DoubleVector.broadcast(S, a[at]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(S, a[at + ars]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(S, a[at + 2 * ars]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(S, a[at + 3 * ars]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = DoubleVector.broadcast(S, a[at + 4 * ars]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = DoubleVector.broadcast(S, a[at + 5 * ars]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + W); c12.intoArray(c, r1 + 2 * W); c13.intoArray(c, r1 + 3 * W);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + W); c22.intoArray(c, r2 + 2 * W); c23.intoArray(c, r2 + 3 * W);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + W); c32.intoArray(c, r3 + 2 * W); c33.intoArray(c, r3 + 3 * W);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + W); c42.intoArray(c, r4 + 2 * W); c43.intoArray(c, r4 + 3 * W);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + W); c52.intoArray(c, r5 + 2 * W); c53.intoArray(c, r5 + 3 * W);
    }
    private static void tile4x4(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
        DoubleVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        DoubleVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        DoubleVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + W, accumulate);
        DoubleVector c12 = start(c, r1 + 2 * W, accumulate), c13 = start(c, r1 + 3 * W, accumulate);
        DoubleVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + W, accumulate);
        DoubleVector c22 = start(c, r2 + 2 * W, accumulate), c23 = start(c, r2 + 3 * W, accumulate);
        DoubleVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + W, accumulate);
        DoubleVector c32 = start(c, r3 + 2 * W, accumulate), c33 = start(c, r3 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bt + W);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bt + 2 * W);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bt + 3 * W);
            int at = ai + t * acs;
            DoubleVector x = DoubleVector.broadcast(S, a[at]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(S, a[at + ars]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(S, a[at + 2 * ars]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(S, a[at + 3 * ars]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + W); c12.intoArray(c, r1 + 2 * W); c13.intoArray(c, r1 + 3 * W);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + W); c22.intoArray(c, r2 + 2 * W); c23.intoArray(c, r2 + 3 * W);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + W); c32.intoArray(c, r3 + 2 * W); c33.intoArray(c, r3 + 3 * W);
    }

    private static void tile4x1(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
        DoubleVector c0 = start(c, r0, accumulate), c1 = start(c, r1, accumulate);
        DoubleVector c2 = start(c, r2, accumulate), c3 = start(c, r3, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            DoubleVector bt = DoubleVector.fromArray(S, b, t * cols + j);
            int at = ai + t * acs;
            c0 = bt.fma(DoubleVector.broadcast(S, a[at]), c0);
            c1 = bt.fma(DoubleVector.broadcast(S, a[at + ars]), c1);
            c2 = bt.fma(DoubleVector.broadcast(S, a[at + 2 * ars]), c2);
            c3 = bt.fma(DoubleVector.broadcast(S, a[at + 3 * ars]), c3);
        }
        c0.intoArray(c, r0); c1.intoArray(c, r1); c2.intoArray(c, r2); c3.intoArray(c, r3);
    }

    /** 2 rows × 4 vectors: 8 accumulators, enough independent chains to hide the latency of the fused multiply-add. */
    private static void tile2x4(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols;
        DoubleVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        DoubleVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        DoubleVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + W, accumulate);
        DoubleVector c12 = start(c, r1 + 2 * W, accumulate), c13 = start(c, r1 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bt + W);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bt + 2 * W);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bt + 3 * W);
            int at = ai + t * acs;
            DoubleVector x = DoubleVector.broadcast(S, a[at]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(S, a[at + ars]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + W); c12.intoArray(c, r1 + 2 * W); c13.intoArray(c, r1 + 3 * W);
    }

    /** 1 row × 4 vectors: 4 accumulators. */
    private static void tile1x4(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j;
        DoubleVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + W, accumulate);
        DoubleVector c02 = start(c, r0 + 2 * W, accumulate), c03 = start(c, r0 + 3 * W, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            int bt = t * cols + j;
            DoubleVector x = DoubleVector.broadcast(S, a[ai + t * acs]);
            c00 = DoubleVector.fromArray(S, b, bt).fma(x, c00);
            c01 = DoubleVector.fromArray(S, b, bt + W).fma(x, c01);
            c02 = DoubleVector.fromArray(S, b, bt + 2 * W).fma(x, c02);
            c03 = DoubleVector.fromArray(S, b, bt + 3 * W).fma(x, c03);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + W); c02.intoArray(c, r0 + 2 * W); c03.intoArray(c, r0 + 3 * W);
    }

    /** 2 rows × 1 vector. */
    private static void tile2x1(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j, r1 = r0 + cols;
        DoubleVector c0 = start(c, r0, accumulate), c1 = start(c, r1, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            DoubleVector bt = DoubleVector.fromArray(S, b, t * cols + j);
            int at = ai + t * acs;
            c0 = bt.fma(DoubleVector.broadcast(S, a[at]), c0);
            c1 = bt.fma(DoubleVector.broadcast(S, a[at + ars]), c1);
        }
        c0.intoArray(c, r0); c1.intoArray(c, r1);
    }

    private static void tile1x1(double[] a, int ars, int acs, double[] b, double[] c,
                                int i, int j, int depth, int cols, boolean accumulate) {
        int r0 = i * cols + j;
        DoubleVector c0 = start(c, r0, accumulate);
        int ai = i * ars;
        for (int t = 0; t < depth; t++) {
            c0 = DoubleVector.fromArray(S, b, t * cols + j).fma(DoubleVector.broadcast(S, a[ai + t * acs]), c0);
        }
        c0.intoArray(c, r0);
    }

    /** Columns j.. of row i of C, one at a time. */
    private static void scalarRow(double[] a, int ars, int acs, double[] b, double[] c,
                                  int i, int jStart, int depth, int cols, boolean accumulate) {
        for (int j = jStart; j < cols; j++) {
            double s = accumulate ? c[i * cols + j] : 0.0;
            for (int t = 0; t < depth; t++) {
                s = Math.fma(a[i * ars + t * acs], b[t * cols + j], s);
            }
            c[i * cols + j] = s;
        }
    }

    private static DoubleVector start(double[] c, int offset, boolean accumulate) {
        return accumulate ? DoubleVector.fromArray(S, c, offset) : DoubleVector.zero(S);
    }
}
