package android.net.wifi;

/** A configured (saved) Wi-Fi network. */
@Deprecated
public class WifiConfiguration {
    public int networkId = -1;
    public String SSID;
    public String BSSID;
    public String FQDN;
    public int priority;
    public boolean hiddenSSID;
    public String preSharedKey;

    public WifiConfiguration() {}

    @Override
    public String toString() {
        return "ID: " + networkId + " SSID: " + SSID + " BSSID: " + BSSID;
    }
}
