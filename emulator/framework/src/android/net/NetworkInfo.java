package android.net;

/** State of a network interface (deprecated on Android, still widely used). */
@Deprecated
public class NetworkInfo {
    /** Coarse network state. */
    public enum State { CONNECTING, CONNECTED, SUSPENDED, DISCONNECTING, DISCONNECTED, UNKNOWN }

    /** Fine network state. */
    public enum DetailedState { IDLE, SCANNING, CONNECTING, AUTHENTICATING, OBTAINING_IPADDR, CONNECTED, SUSPENDED, DISCONNECTING, DISCONNECTED, FAILED, BLOCKED, VERIFYING_POOR_LINK, CAPTIVE_PORTAL_CHECK }

    private final int type;
    private final int subtype;
    private final String typeName;
    private final String subtypeName;
    private final boolean connected;
    private final String extraInfo;

    NetworkInfo(int type, int subtype, String typeName, String subtypeName, boolean connected, String extraInfo) {
        this.type = type;
        this.subtype = subtype;
        this.typeName = typeName;
        this.subtypeName = subtypeName;
        this.connected = connected;
        this.extraInfo = extraInfo;
    }

    public int getType() {
        return type;
    }

    public int getSubtype() {
        return subtype;
    }

    public String getTypeName() {
        return typeName;
    }

    public String getSubtypeName() {
        return subtypeName;
    }

    public boolean isConnectedOrConnecting() {
        return connected;
    }

    public boolean isConnected() {
        return connected;
    }

    public boolean isAvailable() {
        return true;
    }

    public boolean isFailover() {
        return false;
    }

    public boolean isRoaming() {
        return false;
    }

    public State getState() {
        return connected ? State.CONNECTED : State.DISCONNECTED;
    }

    public DetailedState getDetailedState() {
        return connected ? DetailedState.CONNECTED : DetailedState.DISCONNECTED;
    }

    public String getReason() {
        return null;
    }

    public String getExtraInfo() {
        return extraInfo;
    }

    @Override
    public String toString() {
        return "[type: " + typeName + "[" + subtypeName + "], state: " + getState() + ", extra: " + extraInfo + "]";
    }
}
