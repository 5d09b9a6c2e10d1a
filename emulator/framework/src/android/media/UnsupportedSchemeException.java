package android.media;

/** The requested DRM scheme is not supported. */
public final class UnsupportedSchemeException extends MediaDrmException {
    public UnsupportedSchemeException(String detailMessage) {
        super(detailMessage);
    }
}
