package android.telephony;

/** Information about one cell (identity and registration). */
public abstract class CellInfo {
    public static final int CONNECTION_NONE = 0;
    public static final int CONNECTION_PRIMARY_SERVING = 1;
    public static final int CONNECTION_SECONDARY_SERVING = 2;
    public static final int CONNECTION_UNKNOWN = Integer.MAX_VALUE;

    private final long timestamp = System.nanoTime();

    CellInfo() {}

    public boolean isRegistered() {
        return true;
    }

    public int getCellConnectionStatus() {
        return CONNECTION_PRIMARY_SERVING;
    }

    @Deprecated
    public long getTimeStamp() {
        return timestamp;
    }

    public long getTimestampMillis() {
        return timestamp / 1_000_000L;
    }

    public abstract CellIdentity getCellIdentity();
}
