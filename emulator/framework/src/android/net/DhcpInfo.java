package android.net;

/** The result of a DHCP request (addresses packed as Android does: little-endian ints). */
@Deprecated
public class DhcpInfo {
    public int ipAddress;
    public int gateway;
    public int netmask;
    public int dns1;
    public int dns2;
    public int serverAddress;
    public int leaseDuration;

    public DhcpInfo() {}

    @Override
    public String toString() {
        return "ipaddr " + ipAddress + " gateway " + gateway + " netmask " + netmask;
    }
}
