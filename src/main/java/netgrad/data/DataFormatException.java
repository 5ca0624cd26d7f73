package netgrad.data;

import java.io.IOException;

/** A data file that is not valid IDX (bad magic number, truncated, counts that disagree, labels out of range). */
public final class DataFormatException extends IOException {
    public DataFormatException(String message) {
        super(message);
    }
}
