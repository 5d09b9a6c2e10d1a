package android.content.pm;

/** Base of activity/service info: the owning application and process. */
public class ComponentInfo extends PackageItemInfo {
    public ApplicationInfo applicationInfo;
    public String processName;
    public boolean enabled = true;
    public boolean exported;
    public boolean directBootAware;

    public ComponentInfo() {}

    public ComponentInfo(ComponentInfo orig) {
        super(orig);
        applicationInfo = orig.applicationInfo;
        processName = orig.processName;
        enabled = orig.enabled;
        exported = orig.exported;
    }

    public boolean isEnabled() {
        return enabled && (applicationInfo == null || applicationInfo.enabled);
    }
}
