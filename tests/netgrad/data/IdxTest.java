package netgrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 255, 7, 8, 9, 10, 11}; // 3 images of 2×2

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void imagesRoundTripPlainAndGzipped() throws IOException {
        byte[] idx = Idx.imagesFile(3, 2, 2, PIXELS);
        for (Path p : new Path[]{file("plain", idx), file("zipped.gz", gzip(idx))}) {
            Idx.Images images = Idx.readImages(p);
            assertThat(images.count()).isEqualTo(3);
            assertThat(images.rows()).isEqualTo(2);
            assertThat(images.cols()).isEqualTo(2);
            assertThat(images.pixels()).isEqualTo(PIXELS);
        }
    }

    @Test
    void labelsRoundTripPlainAndGzipped() throws IOException {
        byte[] labels = {3, 0, 9};
        assertThat(Idx.readLabels(file("l", Idx.labelsFile(labels)), 10)).isEqualTo(labels);
        assertThat(Idx.readLabels(file("l.gz", gzip(Idx.labelsFile(labels))), 10)).isEqualTo(labels);
    }

    @Test
    void truncatedImagesSayHowManyBytesWereExpected() throws IOException {
        byte[] idx = Idx.imagesFile(3, 2, 2, PIXELS);
        Path p = file("cut", Arrays.copyOf(idx, idx.length - 5));
        assertThatThrownBy(() -> Idx.readImages(p)).isInstanceOf(DataFormatException.class)
                .hasMessage(p + ": truncated: expected 12 bytes of images, found 7");
    }

    @Test
    void truncatedGzipIsReportedAsCorrupt() throws IOException {
        byte[] gz = gzip(Idx.imagesFile(3, 2, 2, PIXELS));
        Path p = file("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        assertThatThrownBy(() -> Idx.readImages(p)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(p + ": corrupt gzip data");
    }

    @Test
    void aFileShorterThanItsHeaderIsTruncated() throws IOException {
        Path p = file("tiny", new byte[]{0, 0, 8});
        assertThatThrownBy(() -> Idx.readLabels(p, 10)).isInstanceOf(DataFormatException.class)
                .hasMessage(p + ": truncated: expected a 8-byte IDX labels header, found 3 bytes");
    }

    @Test
    void labelsFileGivenAsImagesHasABadMagicNumber() throws IOException {
        Path p = file("swapped", Idx.labelsFile(new byte[]{1, 2}));
        assertThatThrownBy(() -> Idx.readImages(p)).isInstanceOf(DataFormatException.class)
                .hasMessage(p + ": bad magic number 0x00000801: expected 0x00000803 (IDX images)");
    }

    @Test
    void extraBytesAfterTheAnnouncedCountAreRefused() throws IOException {
        byte[] idx = Idx.labelsFile(new byte[]{1, 2});
        Path p = file("long", Arrays.copyOf(idx, idx.length + 3));
        assertThatThrownBy(() -> Idx.readLabels(p, 10)).isInstanceOf(DataFormatException.class)
                .hasMessage(p + ": 3 bytes after the 2 bytes of labels the header announces");
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedWithItsIndex() throws IOException {
        Path p = file("bad", Idx.labelsFile(new byte[]{1, 2, 10}));
        assertThatThrownBy(() -> Idx.readLabels(p, 10)).isInstanceOf(DataFormatException.class)
                .hasMessage(p + ": label 10 of example 2 is outside 0..9");
    }

    @Test
    void aNegativeCountIsRefused() throws IOException {
        byte[] idx = Idx.labelsFile(new byte[0]);
        idx[4] = (byte) 0xff;
        Path p = file("neg", idx);
        assertThatThrownBy(() -> Idx.readLabels(p, 10)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("negative label count");
    }
}
