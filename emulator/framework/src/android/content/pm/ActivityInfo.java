package android.content.pm;

/** Information about an activity declared in a manifest. */
public class ActivityInfo extends ComponentInfo {
    public int theme;
    public int launchMode;
    public String permission;
    public String taskAffinity;
    public String targetActivity;
    public int flags;
    public int screenOrientation = -1;
    public int configChanges;
    public int softInputMode;
    public String parentActivityName;

    public ActivityInfo() {}

    public ActivityInfo(ActivityInfo orig) {
        super(orig);
        theme = orig.theme;
        launchMode = orig.launchMode;
        permission = orig.permission;
        taskAffinity = orig.taskAffinity;
        flags = orig.flags;
    }

    @Override
    public String toString() {
        return "ActivityInfo{" + Integer.toHexString(System.identityHashCode(this)) + " " + name + "}";
    }
}
