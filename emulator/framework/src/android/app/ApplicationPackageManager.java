package android.app;

import android.content.ComponentName;
import android.content.Intent;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import android.content.pm.ResolveInfo;
import com.pimon.emulator.DeviceState;
import com.pimon.emulator.InstalledPackages;
import com.pimon.emulator.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The PackageManager apps get ({@code @hide} on Android): the device's installed packages
 * (InstalledPackages) and intent resolution over their manifests.
 */
final class ApplicationPackageManager extends PackageManager {
    ApplicationPackageManager() {}

    private static InstalledPackages.Pkg find(String packageName) throws NameNotFoundException {
        InstalledPackages.Pkg p = packageName == null ? null : InstalledPackages.all().get(packageName);
        if (p == null) throw new NameNotFoundException(packageName);
        return p;
    }

    @Override
    public List<PackageInfo> getInstalledPackages(int flags) {
        List<PackageInfo> out = new ArrayList<>();
        for (InstalledPackages.Pkg p : InstalledPackages.all().values()) out.add(InstalledPackages.packageInfo(p, flags));
        return out;
    }

    @Override
    public List<ApplicationInfo> getInstalledApplications(int flags) {
        List<ApplicationInfo> out = new ArrayList<>();
        for (InstalledPackages.Pkg p : InstalledPackages.all().values()) out.add(InstalledPackages.appInfo(p));
        return out;
    }

    @Override
    public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        return InstalledPackages.packageInfo(find(packageName), flags);
    }

    /** {@code @hide} on Android; SDKs call it by reflection. */
    public PackageInfo getPackageInfoAsUser(String packageName, int flags, int userId) throws NameNotFoundException {
        if (userId != 0) throw new NameNotFoundException(packageName);
        return InstalledPackages.packageInfo(find(packageName), flags);
    }

    @Override
    public List<android.content.pm.ModuleInfo> getInstalledModules(int flags) {
        return super.getInstalledModules(flags);
    }

    @Override
    public ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException {
        return InstalledPackages.appInfo(find(packageName));
    }

    @Override
    public int getPackageUid(String packageName, int flags) throws NameNotFoundException {
        return InstalledPackages.uidOf(find(packageName));
    }

    @Override
    public String[] getPackagesForUid(int uid) {
        List<String> out = new ArrayList<>();
        for (InstalledPackages.Pkg p : InstalledPackages.all().values()) {
            if (InstalledPackages.uidOf(p) == uid) out.add(p.name);
        }
        return out.isEmpty() ? null : out.toArray(new String[0]);
    }

    @Override
    public String getNameForUid(int uid) {
        String[] pkgs = getPackagesForUid(uid);
        return pkgs == null ? null : pkgs[0];
    }

    @Deprecated
    @Override
    public String getInstallerPackageName(String packageName) {
        InstalledPackages.Pkg p = InstalledPackages.all().get(packageName);
        if (p == null) throw new IllegalArgumentException("Unknown package: " + packageName);
        return p.system ? null : "com.xiaomi.market";
    }

    @Override
    public CharSequence getApplicationLabel(ApplicationInfo info) {
        return info.loadLabel(this);
    }

    @Override
    public Intent getLaunchIntentForPackage(String packageName) {
        InstalledPackages.Pkg p = InstalledPackages.all().get(packageName);
        if (p == null) return null;
        for (InstalledPackages.Comp c : p.activities) {
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

    private static boolean matches(Intent intent, InstalledPackages.Pkg p, InstalledPackages.Comp c) {
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

    @Override
    public List<ResolveInfo> queryIntentActivities(Intent intent, int flags) {
        List<ResolveInfo> out = new ArrayList<>();
        for (InstalledPackages.Pkg p : InstalledPackages.all().values()) {
            for (InstalledPackages.Comp c : p.activities) {
                if (!matches(intent, p, c)) continue;
                ResolveInfo ri = new ResolveInfo();
                ri.activityInfo = InstalledPackages.activityInfo(p, c);
                ri.isDefault = true;
                out.add(ri);
            }
        }
        return out;
    }

    @Override
    public List<ResolveInfo> queryIntentServices(Intent intent, int flags) {
        List<ResolveInfo> out = new ArrayList<>();
        for (InstalledPackages.Pkg p : InstalledPackages.all().values()) {
            for (InstalledPackages.Comp c : p.services) {
                if (!matches(intent, p, c)) continue;
                ResolveInfo ri = new ResolveInfo();
                ri.serviceInfo = InstalledPackages.serviceInfo(p, c);
                out.add(ri);
            }
        }
        return out;
    }

    @Override
    public ResolveInfo resolveService(Intent intent, int flags) {
        List<ResolveInfo> l = queryIntentServices(intent, flags);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The system providers the emulator's ContentResolver serves; null for any other authority (no installed
     *  package of the emulator publishes one), as Android answers for an unknown authority. */
    @Override
    public android.content.pm.ProviderInfo resolveContentProvider(String authority, int flags) {
        String pkg = SYSTEM_PROVIDERS.get(authority);
        if (pkg == null) return null;
        android.content.pm.ProviderInfo pi = new android.content.pm.ProviderInfo();
        pi.authority = authority;
        pi.packageName = pkg;
        pi.processName = pkg;
        pi.exported = true;
        pi.name = pkg + ".Provider";
        return pi;
    }

    private static final java.util.Map<String, String> SYSTEM_PROVIDERS = java.util.Map.of(
            "com.android.contacts", "com.android.providers.contacts",
            "call_log", "com.android.providers.contacts",
            "sms", "com.android.providers.telephony",
            "mms-sms", "com.android.providers.telephony",
            "com.android.calendar", "com.android.providers.calendar",
            "media", "com.android.providers.media.module",
            "settings", "com.android.providers.settings");

    @Override
    public ResolveInfo resolveActivity(Intent intent, int flags) {
        List<ResolveInfo> l = queryIntentActivities(intent, flags);
        return l.isEmpty() ? null : l.get(0);
    }

    @Override
    public int checkPermission(String permName, String packageName) {
        if (packageName != null && packageName.equals(DeviceState.packageName())) {
            return Permissions.isGranted(permName) ? PERMISSION_GRANTED : PERMISSION_DENIED;
        }
        return PERMISSION_DENIED;
    }

    @Override
    public boolean hasSystemFeature(String featureName) {
        return featureName != null && (featureName.startsWith("android.hardware.") || featureName.startsWith("android.software."));
    }

    @Override
    public boolean hasSystemFeature(String featureName, int version) {
        return hasSystemFeature(featureName);
    }

    @Override
    public int getComponentEnabledSetting(ComponentName componentName) {
        return COMPONENT_ENABLED_STATE_DEFAULT;
    }

    @Override
    public void setComponentEnabledSetting(ComponentName componentName, int newState, int flags) {}

    @Override
    public int getApplicationEnabledSetting(String packageName) {
        return COMPONENT_ENABLED_STATE_DEFAULT;
    }
}
