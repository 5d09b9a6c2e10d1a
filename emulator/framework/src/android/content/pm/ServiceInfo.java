package android.content.pm;

/** Information about a service declared in a manifest. */
public class ServiceInfo extends ComponentInfo {
    public String permission;
    public int flags;

    public ServiceInfo() {}

    public ServiceInfo(ServiceInfo orig) {
        super(orig);
        permission = orig.permission;
        flags = orig.flags;
    }

    @Override
    public String toString() {
        return "ServiceInfo{" + Integer.toHexString(System.identityHashCode(this)) + " " + name + "}";
    }
}
