package android.content.pm;

/** A component that matched an intent. */
public class ResolveInfo {
    public ActivityInfo activityInfo;
    public ServiceInfo serviceInfo;
    public int priority;
    public int preferredOrder;
    public int match;
    public boolean isDefault;
    public int labelRes;
    public CharSequence nonLocalizedLabel;
    public int icon;
    public String resolvePackageName;

    public ResolveInfo() {}

    public ResolveInfo(ResolveInfo orig) {
        activityInfo = orig.activityInfo;
        serviceInfo = orig.serviceInfo;
        priority = orig.priority;
        match = orig.match;
        isDefault = orig.isDefault;
        nonLocalizedLabel = orig.nonLocalizedLabel;
        resolvePackageName = orig.resolvePackageName;
    }

    public CharSequence loadLabel(PackageManager pm) {
        if (nonLocalizedLabel != null) return nonLocalizedLabel;
        ComponentInfo ci = activityInfo != null ? activityInfo : serviceInfo;
        if (ci == null) return "";
        if (ci.nonLocalizedLabel != null) return ci.nonLocalizedLabel;
        return ci.applicationInfo != null ? ci.applicationInfo.loadLabel(pm) : ci.name;
    }

    @Override
    public String toString() {
        ComponentInfo ci = activityInfo != null ? activityInfo : serviceInfo;
        return "ResolveInfo{" + Integer.toHexString(System.identityHashCode(this)) + " " + (ci == null ? "" : ci.packageName + "/" + ci.name) + "}";
    }
}
