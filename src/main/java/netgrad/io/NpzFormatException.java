package netgrad.io;

import java.io.IOException;

/** A .npz (or one of its .npy entries) that is not in the format {@link Npz} reads; the message names the file and entry. */
public final class NpzFormatException extends IOException {
    public NpzFormatException(String message) {
        super(message);
    }

    public NpzFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
