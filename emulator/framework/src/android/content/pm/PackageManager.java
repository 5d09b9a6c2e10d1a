package android.content.pm;

import android.content.ComponentName;
import android.content.Intent;
import java.util.List;

/**
 * Installed packages and intent resolution. Abstract, as on Android: the instance apps get is an
 * {@code android.app.ApplicationPackageManager}, which implements the queries (hook that class).
 */
public abstract class PackageManager {
    public static final int GET_ACTIVITIES = 0x00000001;
    public static final int GET_RECEIVERS = 0x00000002;
    public static final int GET_SERVICES = 0x00000004;
    public static final int GET_PROVIDERS = 0x00000008;
    public static final int GET_INSTRUMENTATION = 0x00000010;
    @Deprecated public static final int GET_SIGNATURES = 0x00000040;
    public static final int GET_META_DATA = 0x00000080;
    public static final int GET_SIGNING_CERTIFICATES = 0x08000000;
    public static final int GET_PERMISSIONS = 0x00001000;
    @Deprecated public static final int GET_UNINSTALLED_PACKAGES = 0x00002000;
    public static final int MATCH_UNINSTALLED_PACKAGES = 0x00002000;
    public static final int MATCH_DEFAULT_ONLY = 0x00010000;
    public static final int MATCH_ALL = 0x00020000;
    public static final int MATCH_SYSTEM_ONLY = 0x00100000;
    public static final int PERMISSION_GRANTED = 0;
    public static final int PERMISSION_DENIED = -1;
    public static final int COMPONENT_ENABLED_STATE_DEFAULT = 0;
    public static final int COMPONENT_ENABLED_STATE_ENABLED = 1;
    public static final int COMPONENT_ENABLED_STATE_DISABLED = 2;
    public static final int DONT_KILL_APP = 0x00000001;
    public static final String FEATURE_CAMERA = "android.hardware.camera";
    public static final String FEATURE_CAMERA_ANY = "android.hardware.camera.any";
    public static final String FEATURE_TELEPHONY = "android.hardware.telephony";
    public static final String FEATURE_WIFI = "android.hardware.wifi";
    public static final String FEATURE_BLUETOOTH = "android.hardware.bluetooth";
    public static final String FEATURE_LOCATION = "android.hardware.location";
    public static final String FEATURE_LOCATION_GPS = "android.hardware.location.gps";
    public static final String FEATURE_MICROPHONE = "android.hardware.microphone";
    public static final String FEATURE_NFC = "android.hardware.nfc";

    public PackageManager() {}

    /** Thrown when a package is not installed. */
    public static class NameNotFoundException extends android.util.AndroidException {
        public NameNotFoundException() {}

        public NameNotFoundException(String name) {
            super(name);
        }
    }

    public abstract List<PackageInfo> getInstalledPackages(int flags);

    public abstract List<ApplicationInfo> getInstalledApplications(int flags);

    /** The mainline modules (Android 10+). */
    public List<ModuleInfo> getInstalledModules(int flags) {
        List<ModuleInfo> out = new java.util.ArrayList<>();
        out.add(new ModuleInfo("Media Provider", "com.android.providers.media.module"));
        out.add(new ModuleInfo("Permission controller", "com.android.permissioncontroller"));
        out.add(new ModuleInfo("Wi-Fi", "com.android.wifi"));
        return out;
    }

    public abstract PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException;

    public abstract ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException;

    public abstract int getPackageUid(String packageName, int flags) throws NameNotFoundException;

    public abstract String[] getPackagesForUid(int uid);

    public abstract String getNameForUid(int uid);

    @Deprecated
    public abstract String getInstallerPackageName(String packageName);

    public abstract CharSequence getApplicationLabel(ApplicationInfo info);

    public abstract Intent getLaunchIntentForPackage(String packageName);

    public abstract List<ResolveInfo> queryIntentActivities(Intent intent, int flags);

    public abstract List<ResolveInfo> queryIntentServices(Intent intent, int flags);

    public abstract ResolveInfo resolveActivity(Intent intent, int flags);

    public abstract ResolveInfo resolveService(Intent intent, int flags);

    public abstract ProviderInfo resolveContentProvider(String authority, int flags);

    public abstract int checkPermission(String permName, String packageName);

    public abstract boolean hasSystemFeature(String featureName);

    public abstract boolean hasSystemFeature(String featureName, int version);

    public abstract int getComponentEnabledSetting(ComponentName componentName);

    public abstract void setComponentEnabledSetting(ComponentName componentName, int newState, int flags);

    public abstract int getApplicationEnabledSetting(String packageName);
}
