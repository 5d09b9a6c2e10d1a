package android.content.pm;

/** Information about an installed package. */
public class PackageInfo {
    public String packageName;
    public String[] splitNames;
    @Deprecated public int versionCode;
    public String versionName;
    public String sharedUserId;
    public int sharedUserLabel;
    public ApplicationInfo applicationInfo;
    public long firstInstallTime;
    public long lastUpdateTime;
    public int[] gids;
    public ActivityInfo[] activities;
    public ActivityInfo[] receivers;
    public ServiceInfo[] services;
    public String[] requestedPermissions;
    public int[] requestedPermissionsFlags;
    public int installLocation;
    public boolean isApex;
    /** With {@link PackageManager#GET_SIGNATURES}: the package's signing certificates (deprecated on Android 9+). */
    @Deprecated public Signature[] signatures;
    /** With {@link PackageManager#GET_SIGNING_CERTIFICATES}: the signers (the same stand-in). */
    public SigningInfo signingInfo;

    public PackageInfo() {}

    public long getLongVersionCode() {
        return versionCode & 0xffffffffL;
    }

    public void setLongVersionCode(long longVersionCode) {
        versionCode = (int) longVersionCode;
    }

    @Override
    public String toString() {
        return "PackageInfo{" + Integer.toHexString(System.identityHashCode(this)) + " " + packageName + "}";
    }
}
