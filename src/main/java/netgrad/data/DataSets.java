package netgrad.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads MNIST and Fashion-MNIST from their four IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * optionally {@code .gz}). Fashion-MNIST's default directory is where Debian's {@code dataset-fashion-mnist}
 * package installs it.
 */
public final class DataSets {
    private DataSets() {}

    public static final String FASHION_MNIST = "fashion_mnist";
    public static final String MNIST = "mnist";
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path MNIST_DIR = Path.of("/usr/share/datasets/mnist");
    public static final String INSTALL_LINE = "sudo apt-get install dataset-fashion-mnist";

    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The training and test sets of one data set. */
    public record TrainTest(DataSet train, DataSet test) {}

    /** The default directory of {@code dataset} ({@code fashion_mnist} or {@code mnist}). */
    public static Path defaultDir(String dataset) {
        return dataset.equals(MNIST) ? MNIST_DIR : FASHION_MNIST_DIR;
    }

    /**
     * Loads {@code dataset} from {@code dir} (null: the default directory).
     *
     * @throws DataMissingException when a file is missing, with how to install the data
     * @throws DataFormatException  when a file is corrupt or the files disagree
     */
    public static TrainTest load(String dataset, Path dir) throws IOException {
        Path where = dir == null ? defaultDir(dataset) : dir;
        List<String> classes = dataset.equals(MNIST) ? MNIST_CLASSES : FASHION_MNIST_CLASSES;
        DataSet train = load(dataset, where, "train", classes, dir == null);
        DataSet test = load(dataset, where, "t10k", classes, dir == null);
        if (train.features() != test.features()) {
            throw new DataFormatException(where + ": training images have " + train.features()
                    + " pixels but test images have " + test.features());
        }
        return new TrainTest(train, test);
    }

    private static DataSet load(String dataset, Path dir, String part, List<String> classes, boolean isDefault)
            throws IOException {
        Path images = find(dataset, dir, part + "-images-idx3-ubyte", isDefault);
        Path labelsFile = find(dataset, dir, part + "-labels-idx1-ubyte", isDefault);
        Idx.Images read = Idx.readImages(images);
        byte[] labels = Idx.readLabels(labelsFile, classes.size());
        if (labels.length != read.count()) {
            throw new DataFormatException(images + " has " + read.count() + " images but " + labelsFile + " has "
                    + labels.length + " labels");
        }
        return new DataSet(dataset + " " + (part.equals("t10k") ? "test" : "train"), read.pixels(), read.size(),
                labels, classes);
    }

    private static Path find(String dataset, Path dir, String base, boolean isDefault) throws DataMissingException {
        for (String name : List.of(base, base + ".gz")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataMissingException(missingMessage(dataset, dir, base, isDefault));
    }

    private static String missingMessage(String dataset, Path dir, String base, boolean isDefault) {
        String found = "data set " + dataset + " not found: no " + dir.resolve(base) + "(.gz)";
        if (dataset.equals(FASHION_MNIST)) {
            return found + ". Install it with: " + INSTALL_LINE
                    + (isDefault ? "" : " (it goes to " + FASHION_MNIST_DIR + ")")
                    + ", or pass --data DIR with the four IDX files (train-images-idx3-ubyte.gz, ...)";
        }
        return found + ". MNIST is not packaged by Debian: download its four IDX files (train-images-idx3-ubyte.gz,"
                + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) into "
                + MNIST_DIR + " or pass --data DIR";
    }
}
