package android.content.pm;

/** Information about an installed application. */
public class ApplicationInfo extends PackageItemInfo {
    public static final int FLAG_SYSTEM = 1;
    public static final int FLAG_DEBUGGABLE = 1 << 1;
    public static final int FLAG_HAS_CODE = 1 << 2;
    public static final int FLAG_ALLOW_BACKUP = 1 << 15;
    public static final int FLAG_INSTALLED = 1 << 23;
    public static final int FLAG_UPDATED_SYSTEM_APP = 1 << 7;

    public String taskAffinity;
    public String permission;
    public String processName;
    public String className;
    public int flags;
    public String sourceDir;
    public String publicSourceDir;
    public String dataDir;
    public String nativeLibraryDir;
    public int uid;
    public int minSdkVersion = 21;
    public int targetSdkVersion = 33;
    public boolean enabled = true;
    public int category = -1;

    public ApplicationInfo() {}

    public ApplicationInfo(ApplicationInfo orig) {
        super(orig);
        taskAffinity = orig.taskAffinity;
        permission = orig.permission;
        processName = orig.processName;
        className = orig.className;
        flags = orig.flags;
        sourceDir = orig.sourceDir;
        publicSourceDir = orig.publicSourceDir;
        dataDir = orig.dataDir;
        nativeLibraryDir = orig.nativeLibraryDir;
        uid = orig.uid;
        minSdkVersion = orig.minSdkVersion;
        targetSdkVersion = orig.targetSdkVersion;
        enabled = orig.enabled;
        category = orig.category;
    }

    @Override
    public String toString() {
        return "ApplicationInfo{" + Integer.toHexString(System.identityHashCode(this)) + " " + packageName + "}";
    }
}
