package android.content.pm;

import android.content.ComponentName;
import android.content.Intent;
import com.pimon.emulator.DeviceState;
import com.pimon.emulator.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Installed packages and intent resolution. Abstract on Android; here the queries are implemented
 * in this class itself (so hooks on {@code android.content.pm.PackageManager.*} see every call),
 * and the instance apps get is an {@code android.app.ApplicationPackageManager}, as on Android.
 */
public abstract class PackageManager {
    public static final int GET_ACTIVITIES = 0x00000001;
    public static final int GET_RECEIVERS = 0x00000002;
    public static final int GET_SERVICES = 0x00000004;
    public static final int GET_PROVIDERS = 0x00000008;
    public static final int GET_INSTRUMENTATION = 0x00000010;
    @Deprecated public static final int GET_SIGNATURES = 0x00000040;
    public static final int GET_META_DATA = 0x00000080;
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
    public static class NameNotFoundException extends Exception {
        public NameNotFoundException() {}

        public NameNotFoundException(String name) {
            super(name);
        }
    }

    private static Packages.Pkg find(String packageName) throws NameNotFoundException {
        Packages.Pkg p = packageName == null ? null : Packages.all().get(packageName);
        if (p == null) throw new NameNotFoundException(packageName);
        return p;
    }

    public List<PackageInfo> getInstalledPackages(int flags) {
        List<PackageInfo> out = new ArrayList<>();
        for (Packages.Pkg p : Packages.all().values()) out.add(Packages.packageInfo(p, flags));
        return out;
    }

    public List<ApplicationInfo> getInstalledApplications(int flags) {
        List<ApplicationInfo> out = new ArrayList<>();
        for (Packages.Pkg p : Packages.all().values()) out.add(Packages.appInfo(p));
        return out;
    }

    public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        return Packages.packageInfo(find(packageName), flags);
    }

    public ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException {
        return Packages.appInfo(find(packageName));
    }

    public int getPackageUid(String packageName, int flags) throws NameNotFoundException {
        return Packages.uidOf(find(packageName));
    }

    public String[] getPackagesForUid(int uid) {
        List<String> out = new ArrayList<>();
        for (Packages.Pkg p : Packages.all().values()) {
            if (Packages.uidOf(p) == uid) out.add(p.name);
        }
        return out.isEmpty() ? null : out.toArray(new String[0]);
    }

    public String getNameForUid(int uid) {
        String[] pkgs = getPackagesForUid(uid);
        return pkgs == null ? null : pkgs[0];
    }

    @Deprecated
    public String getInstallerPackageName(String packageName) {
        Packages.Pkg p = Packages.all().get(packageName);
        if (p == null) throw new IllegalArgumentException("Unknown package: " + packageName);
        return p.system ? null : "com.xiaomi.market";
    }

    public CharSequence getApplicationLabel(ApplicationInfo info) {
        return info.loadLabel(this);
    }

    public Intent getLaunchIntentForPackage(String packageName) {
        Packages.Pkg p = Packages.all().get(packageName);
        if (p == null) return null;
        for (Packages.Comp c : p.activities) {
            if (c.actions.contains(Intent.ACTION_MAIN) && c.categories.contains(Intent.CATEGORY_LAUNCHER)) {
                Intent i = new Intent(Intent.ACTION_MAIN);
                i.addCategory(Intent.CATEGORY_LAUNCHER);
                i.setComponent(new ComponentName(p.name, c.className));
                i.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
                return i;
            }
        }
        return null;
    }

    private static boolean matches(Intent intent, Packages.Pkg p, Packages.Comp c) {
        ComponentName cn = intent.getComponent();
        if (cn != null) return cn.getPackageName().equals(p.name) && cn.getClassName().equals(c.className);
        if (intent.getPackage() != null && !intent.getPackage().equals(p.name)) return false;
        if (intent.getAction() != null && !c.actions.contains(intent.getAction())) return false;
        Set<String> cats = intent.getCategories();
        if (cats != null) {
            for (String cat : cats) {
                if (!c.categories.contains(cat) && !Intent.CATEGORY_DEFAULT.equals(cat)) return false;
            }
        }
        return intent.getAction() != null || cn != null;
    }

    public List<ResolveInfo> queryIntentActivities(Intent intent, int flags) {
        List<ResolveInfo> out = new ArrayList<>();
        for (Packages.Pkg p : Packages.all().values()) {
            for (Packages.Comp c : p.activities) {
                if (!matches(intent, p, c)) continue;
                ResolveInfo ri = new ResolveInfo();
                ri.activityInfo = Packages.activityInfo(p, c);
                ri.isDefault = true;
                out.add(ri);
            }
        }
        return out;
    }

    public List<ResolveInfo> queryIntentServices(Intent intent, int flags) {
        List<ResolveInfo> out = new ArrayList<>();
        for (Packages.Pkg p : Packages.all().values()) {
            for (Packages.Comp c : p.services) {
                if (!matches(intent, p, c)) continue;
                ResolveInfo ri = new ResolveInfo();
                ri.serviceInfo = Packages.serviceInfo(p, c);
                out.add(ri);
            }
        }
        return out;
    }

    public ResolveInfo resolveActivity(Intent intent, int flags) {
        List<ResolveInfo> l = queryIntentActivities(intent, flags);
        return l.isEmpty() ? null : l.get(0);
    }

    public int checkPermission(String permName, String packageName) {
        if (packageName != null && packageName.equals(DeviceState.packageName())) {
            return Permissions.isGranted(permName) ? PERMISSION_GRANTED : PERMISSION_DENIED;
        }
        return PERMISSION_DENIED;
    }

    public boolean hasSystemFeature(String featureName) {
        return featureName != null && (featureName.startsWith("android.hardware.") || featureName.startsWith("android.software."));
    }

    public boolean hasSystemFeature(String featureName, int version) {
        return hasSystemFeature(featureName);
    }

    public int getComponentEnabledSetting(ComponentName componentName) {
        return COMPONENT_ENABLED_STATE_DEFAULT;
    }

    public void setComponentEnabledSetting(ComponentName componentName, int newState, int flags) {}

    public int getApplicationEnabledSetting(String packageName) {
        return COMPONENT_ENABLED_STATE_DEFAULT;
    }
}
