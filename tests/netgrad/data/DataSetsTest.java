package netgrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netgrad.linalg.FloatMatrix;
import netgrad.linalg.Matrix;

class DataSetsTest {
    @TempDir
    Path dir;

    /** Writes a tiny data set: {@code n} train and 2 test images of 2×2 pixels, image i filled with value i. */
    static void writeTiny(Path dir, int n, boolean gzipped) throws IOException {
        for (String part : List.of("train", "t10k")) {
            int count = part.equals("train") ? n : 2;
            byte[] pixels = new byte[count * 4];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                java.util.Arrays.fill(pixels, 4 * i, 4 * i + 4, (byte) i);
                labels[i] = (byte) (i % 10);
            }
            byte[] images = Idx.imagesFile(count, 2, 2, pixels);
            byte[] labelBytes = Idx.labelsFile(labels);
            String suffix = gzipped ? ".gz" : "";
            Files.write(dir.resolve(part + "-images-idx3-ubyte" + suffix), gzipped ? IdxTest.gzip(images) : images);
            Files.write(dir.resolve(part + "-labels-idx1-ubyte" + suffix), gzipped ? IdxTest.gzip(labelBytes) : labelBytes);
        }
    }

    @Test
    void loadsTheFourFilesWithOrWithoutGz() throws IOException {
        for (boolean gz : new boolean[]{false, true}) {
            Path d = Files.createDirectories(dir.resolve("gz" + gz));
            writeTiny(d, 20, gz);
            DataSets.TrainTest data = DataSets.load(DataSets.FASHION_MNIST, d);
            assertThat(data.train().count()).isEqualTo(20);
            assertThat(data.test().count()).isEqualTo(2);
            assertThat(data.train().features()).isEqualTo(4);
            assertThat(data.train().label(13)).isEqualTo(3);
            assertThat(data.train().pixel(13, 2)).isEqualTo(13 / 255.0);
            assertThat(data.train().classNames()).startsWith("T-shirt/top", "Trouser");
        }
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        assertThatThrownBy(() -> DataSets.load(DataSets.FASHION_MNIST, dir))
                .isInstanceOf(DataMissingException.class)
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte").toString());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeTiny(dir, 5, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), Idx.labelsFile(new byte[]{1, 2, 3}));
        assertThatThrownBy(() -> DataSets.load(DataSets.FASHION_MNIST, dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + " has 5 images but "
                        + dir.resolve("train-labels-idx1-ubyte") + " has 3 labels");
    }

    @Test
    void seededSplitHoldsOutTheFractionDisjointlyAndReproducibly() throws IOException {
        writeTiny(dir, 200, false);
        DataSet train = DataSets.load(DataSets.FASHION_MNIST, dir).train();
        DataSet.Split a = train.split(0.1, 7);
        DataSet.Split b = train.split(0.1, 7);
        DataSet.Split c = train.split(0.1, 8);

        assertThat(a.held().count()).isEqualTo(20);
        assertThat(a.rest().count()).isEqualTo(180);
        Set<Double> held = new HashSet<>();
        for (int i = 0; i < 20; i++) held.add(a.held().pixel(i, 0));
        for (int i = 0; i < 180; i++) assertThat(held).doesNotContain(a.rest().pixel(i, 0));
        for (int i = 0; i < 20; i++) assertThat(b.held().pixel(i, 0)).isEqualTo(a.held().pixel(i, 0));
        Set<Double> other = new HashSet<>();
        for (int i = 0; i < 20; i++) other.add(c.held().pixel(i, 0));
        assertThat(other).isNotEqualTo(held);
    }

    @Test
    void fillBatchPutsExamplesInColumnsScaledToUnitInterval() throws IOException {
        writeTiny(dir, 20, false);
        DataSet train = DataSets.load(DataSets.FASHION_MNIST, dir).train();
        Matrix x = new Matrix(4, 3);
        int[] y = new int[3];
        train.fillBatch(new int[]{0, 17, 5, 12}, 1, x, y);

        assertThat(y).containsExactly(7, 5, 2);
        for (int f = 0; f < 4; f++) {
            assertThat(x.get(f, 0)).isEqualTo(17 / 255.0);
            assertThat(x.get(f, 1)).isEqualTo(5 / 255.0);
            assertThat(x.get(f, 2)).isEqualTo(12 / 255.0);
        }
    }

    /**
     * Every batch size from 1 to 20 (blocks of eight examples and the tails) on a view of a shuffled subset:
     * column j of x is example order[from + j]'s pixels, v·(1/255) in double and fl32(v/255) in float, labels too;
     * row j of xᵀ (fillTransposed) the same values.
     */
    @Test
    void fillBatchInDoubleAndFloatPutsEveryExampleInItsColumnAtEveryBatchSize() {
        int features = 13, count = 50;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        byte[] pixels = new byte[count * features];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte) random.nextInt(10);
        DataSet set = new DataSet("random", pixels, features, labels, DataSets.FASHION_MNIST_CLASSES)
                .split(0.2, 7).rest();
        int[] order = new int[set.count()];
        for (int i = 0; i < order.length; i++) order[i] = order.length - 1 - i;
        for (int b = 1; b <= 20; b++) {
            Matrix x = new Matrix(features, b);
            FloatMatrix xf = new FloatMatrix(features, b);
            int[] y = new int[b], yf = new int[b];
            int from = 3;
            set.fillBatch(order, from, x, y, new int[b]);
            set.fillBatch(order, from, xf, yf, new int[b]);
            Matrix xT = new Matrix(b, features);
            FloatMatrix xfT = new FloatMatrix(b, features);
            set.fillTransposed(order, from, xT);
            set.fillTransposed(order, from, xfT);
            for (int j = 0; j < b; j++) {
                int example = order[from + j];
                assertThat(y[j]).isEqualTo(set.label(example));
                assertThat(yf[j]).isEqualTo(set.label(example));
                for (int f = 0; f < features; f++) {
                    int v = (int) Math.round(set.pixel(example, f) * 255);
                    assertThat(x.get(f, j)).as("b %d, x[%d][%d]", b, f, j).isEqualTo(v * (1.0 / 255.0));
                    assertThat(xf.data[f * b + j]).as("b %d, float x[%d][%d]", b, f, j).isEqualTo((float) (v / 255.0));
                    assertThat(xT.get(j, f)).as("xᵀ").isEqualTo(x.get(f, j));
                    assertThat(xfT.data[j * features + f]).as("float xᵀ").isEqualTo(xf.data[f * b + j]);
                }
            }
        }
    }
}
