package netgrad.linalg;

/** Test support: plants a bug into the products every engine shares (C gets 1.001 × the right value in row 0). */
public final class PlantedKernel {
    private PlantedKernel() {}

    public static void plant() {
        Kernel real = Gemm.KERNEL;
        Gemm.plant(new Kernel() {
            @Override
            public void multiply(double[] a, int aRowStride, int aColStride, double[] b, double[] c, int rowStart, int rowEnd,
                                 int depth, int cols, boolean accumulate) {
                real.multiply(a, aRowStride, aColStride, b, c, rowStart, rowEnd, depth, cols, accumulate);
                if (rowStart == 0) {
                    for (int j = 0; j < cols; j++) {
                        c[j] *= 1.001;                                   // bug: row 0 of every product scaled
                    }
                }
            }

            @Override
            public String name() {
                return "planted";
            }
        });
    }

    public static void restore() {
        Gemm.plant(null);
    }
}
