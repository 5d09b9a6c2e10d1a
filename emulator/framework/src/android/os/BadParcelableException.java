package android.os;

/** Thrown when a Parcelable is malformed or otherwise invalid. */
public class BadParcelableException extends android.util.AndroidRuntimeException {
    public BadParcelableException(String msg) {
        super(msg);
    }

    public BadParcelableException(Exception cause) {
        super(cause);
    }
}
