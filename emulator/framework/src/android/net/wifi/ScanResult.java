package android.net.wifi;

/** One access point seen by a Wi-Fi scan. */
public class ScanResult {
    public String SSID;
    public String BSSID;
    public String capabilities = "[WPA2-PSK-CCMP][RSN-PSK-CCMP][ESS]";
    public int level;
    public int frequency;
    public int channelWidth;
    public int centerFreq0;
    public int centerFreq1;
    public long timestamp;
    public CharSequence venueName;
    public CharSequence operatorFriendlyName;

    public ScanResult() {}

    public ScanResult(ScanResult source) {
        SSID = source.SSID;
        BSSID = source.BSSID;
        capabilities = source.capabilities;
        level = source.level;
        frequency = source.frequency;
        timestamp = source.timestamp;
    }

    @Override
    public String toString() {
        return "SSID: " + SSID + ", BSSID: " + BSSID + ", level: " + level + ", frequency: " + frequency;
    }
}
