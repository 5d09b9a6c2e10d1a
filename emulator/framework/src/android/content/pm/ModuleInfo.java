package android.content.pm;

/** A mainline module installed on the device. */
public final class ModuleInfo {
    private final CharSequence name;
    private final String packageName;

    ModuleInfo(CharSequence name, String packageName) {
        this.name = name;
        this.packageName = packageName;
    }

    public CharSequence getName() {
        return name;
    }

    public String getPackageName() {
        return packageName;
    }

    public boolean isHidden() {
        return false;
    }

    @Override
    public String toString() {
        return "ModuleInfo{" + packageName + "}";
    }
}
