package android.content.res;

import android.util.DisplayMetrics;

/**
 * The app's resources. Emulator apps have no compiled resources (views are built in code), so every resource id
 * is unknown ({@link NotFoundException}, {@code getIdentifier} 0); the configuration and display metrics are the
 * device's (1080x1920 at 440 dpi, the emulator's screen; the locale of the JVM).
 */
public class Resources {
    public static final int ID_NULL = 0;

    private final AssetManager assets;
    private final Configuration configuration = new Configuration();
    private final DisplayMetrics metrics = new DisplayMetrics();

    /** @deprecated as on Android: apps get their resources from their context. */
    @Deprecated
    public Resources(AssetManager assets, DisplayMetrics metrics, Configuration config) {
        this.assets = assets;
        if (metrics != null) this.metrics.setTo(metrics);
        else this.metrics.setToDefaults();
        if (config != null) this.configuration.setTo(config);
        else this.configuration.setToDefaults();
    }

    public static Resources getSystem() {
        return SYSTEM;
    }

    private static final Resources SYSTEM = new Resources(null, null, null);

    public final AssetManager getAssets() {
        return assets;
    }

    public Configuration getConfiguration() {
        return configuration;
    }

    public DisplayMetrics getDisplayMetrics() {
        return metrics;
    }

    public int getIdentifier(String name, String defType, String defPackage) {
        return 0;
    }

    public String getString(int id) throws NotFoundException {
        throw new NotFoundException("String resource ID #0x" + Integer.toHexString(id));
    }

    public CharSequence getText(int id) throws NotFoundException {
        throw new NotFoundException("String resource ID #0x" + Integer.toHexString(id));
    }

    public String getResourceName(int resid) throws NotFoundException {
        throw new NotFoundException("Unable to find resource ID #0x" + Integer.toHexString(resid));
    }

    public String getResourcePackageName(int resid) throws NotFoundException {
        throw new NotFoundException("Unable to find resource ID #0x" + Integer.toHexString(resid));
    }

    public static class NotFoundException extends RuntimeException {
        public NotFoundException() {}

        public NotFoundException(String name) {
            super(name);
        }

        public NotFoundException(String name, Exception cause) {
            super(name, cause);
        }
    }
}
