package netgrad.data;

import java.io.IOException;

/** A data set that is not installed; the message says how to install it. */
public final class DataMissingException extends IOException {
    public DataMissingException(String message) {
        super(message);
    }
}
