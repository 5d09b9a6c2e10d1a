package android.net;

/** Capabilities and transports of a network. */
public final class NetworkCapabilities {
    public static final int TRANSPORT_CELLULAR = 0;
    public static final int TRANSPORT_WIFI = 1;
    public static final int TRANSPORT_BLUETOOTH = 2;
    public static final int TRANSPORT_ETHERNET = 3;
    public static final int TRANSPORT_VPN = 4;
    public static final int NET_CAPABILITY_INTERNET = 12;
    public static final int NET_CAPABILITY_NOT_METERED = 11;
    public static final int NET_CAPABILITY_VALIDATED = 16;

    private final int transport;

    NetworkCapabilities(int transport) {
        this.transport = transport;
    }

    public NetworkCapabilities() {
        this(TRANSPORT_WIFI);
    }

    public boolean hasTransport(int transportType) {
        return transportType == transport;
    }

    public boolean hasCapability(int capability) {
        return capability == NET_CAPABILITY_INTERNET || capability == NET_CAPABILITY_VALIDATED
                || (capability == NET_CAPABILITY_NOT_METERED && transport == TRANSPORT_WIFI);
    }

    public int getLinkDownstreamBandwidthKbps() {
        return 866000;
    }

    public int getLinkUpstreamBandwidthKbps() {
        return 400000;
    }

    public int getSignalStrength() {
        return -52;
    }

    @Override
    public String toString() {
        return "[ Transports: " + (transport == TRANSPORT_WIFI ? "WIFI" : "CELLULAR") + " Capabilities: INTERNET&VALIDATED ]";
    }
}
