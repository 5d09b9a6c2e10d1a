package android.content.pm;

/** Information about a content provider (the manifest's {@code <provider>}). */
public final class ProviderInfo extends ComponentInfo {
    public static final int FLAG_SINGLE_USER = 0x40000000;

    public String authority;
    public String readPermission;
    public String writePermission;
    public boolean grantUriPermissions;
    public boolean forceUriPermissions;
    public boolean multiprocess;
    public int initOrder;
    public int flags;
    @Deprecated public boolean isSyncable;

    public ProviderInfo() {}

    public ProviderInfo(ProviderInfo orig) {
        super(orig);
        authority = orig.authority;
        readPermission = orig.readPermission;
        writePermission = orig.writePermission;
        grantUriPermissions = orig.grantUriPermissions;
        forceUriPermissions = orig.forceUriPermissions;
        multiprocess = orig.multiprocess;
        initOrder = orig.initOrder;
        flags = orig.flags;
        isSyncable = orig.isSyncable;
    }

    @Override
    public String toString() {
        return "ContentProviderInfo{name=" + authority + " className=" + name + "}";
    }
}
