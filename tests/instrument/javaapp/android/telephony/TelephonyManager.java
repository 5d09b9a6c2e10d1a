package android.telephony;

/** Test double with Android's method names: enough for the agent tests on a plain JVM. */
public class TelephonyManager {
    private final String imei;

    public TelephonyManager(String imei) { this.imei = imei; }

    public String getDeviceId() { return imei; }

    public String getDeviceId(int slotIndex) { return imei + "-" + slotIndex; }

    /** Framework code calling another hooked API: must be recorded once, as getImei. */
    public String getImei() { return getDeviceId(); }

    public String getSubscriberId() { throw new SecurityException("getSubscriberId: READ_PHONE_STATE not granted"); }

    public boolean isDataEnabled() { throw new SecurityException("isDataEnabled: READ_PHONE_STATE not granted"); }

    /** Calls back into app code from inside a hooked API. */
    public void listen(Runnable listener, int events) { listener.run(); }
}
