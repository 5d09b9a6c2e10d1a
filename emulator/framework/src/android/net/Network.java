package android.net;

/** A network the device is connected to. */
public class Network {
    final int netId;

    Network(int netId) {
        this.netId = netId;
    }

    public long getNetworkHandle() {
        return ((long) netId << 32) | 0xfacade;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network && ((Network) o).netId == netId;
    }

    @Override
    public int hashCode() {
        return netId * 11;
    }

    @Override
    public String toString() {
        return Integer.toString(netId);
    }
}
