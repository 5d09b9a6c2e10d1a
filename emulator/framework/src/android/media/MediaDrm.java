package android.media;

import com.pimon.emulator.Profile;
import java.util.UUID;

/**
 * DRM sessions. Only Widevine is supported; its {@code deviceUniqueId} property is the profile's
 * {@code widevine_id} (hex), a stable device identifier SDKs read.
 */
public final class MediaDrm implements AutoCloseable {
    public static final String PROPERTY_VENDOR = "vendor";
    public static final String PROPERTY_VERSION = "version";
    public static final String PROPERTY_DESCRIPTION = "description";
    public static final String PROPERTY_ALGORITHMS = "algorithms";
    public static final String PROPERTY_DEVICE_UNIQUE_ID = "deviceUniqueId";

    static final UUID WIDEVINE = new UUID(0xEDEF8BA979D64ACEL, 0xA3C827DCD51D21EDL);

    public MediaDrm(UUID uuid) throws UnsupportedSchemeException {
        if (!WIDEVINE.equals(uuid)) throw new UnsupportedSchemeException("Failed to instantiate drm object.");
    }

    public static boolean isCryptoSchemeSupported(UUID uuid) {
        return WIDEVINE.equals(uuid);
    }

    public static boolean isCryptoSchemeSupported(UUID uuid, String mimeType) {
        return WIDEVINE.equals(uuid);
    }

    public String getPropertyString(String propertyName) {
        switch (propertyName) {
            case PROPERTY_VENDOR:
                return "Google";
            case PROPERTY_VERSION:
                return "16.1.0";
            case PROPERTY_DESCRIPTION:
                return "Widevine CDM";
            case PROPERTY_ALGORITHMS:
                return "AES/CBC/NoPadding,HmacSHA256";
            case "securityLevel":
                return "L1";
            default:
                throw new IllegalArgumentException("Unknown property " + propertyName);
        }
    }

    public byte[] getPropertyByteArray(String propertyName) {
        if (!PROPERTY_DEVICE_UNIQUE_ID.equals(propertyName)) throw new IllegalArgumentException("Unknown property " + propertyName);
        String hex = Profile.get().str("widevine_id");
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    @Override
    public void close() {}

    @Deprecated
    public void release() {}
}
