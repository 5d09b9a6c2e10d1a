package android.media;

/** Base of the MediaDrm exceptions. */
public class MediaDrmException extends Exception {
    public MediaDrmException(String detailMessage) {
        super(detailMessage);
    }
}
