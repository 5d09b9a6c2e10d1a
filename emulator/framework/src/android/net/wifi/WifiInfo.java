package android.net.wifi;

import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;

/**
 * The current Wi-Fi connection. The MAC address is the profile's (as on a device that exposes it);
 * SSID and BSSID need a location permission, as on Android 8.1+, else Android's placeholders.
 */
public class WifiInfo {
    static final String DEFAULT_MAC = "02:00:00:00:00:00";
    static final String UNKNOWN_SSID = "<unknown ssid>";

    WifiInfo() {}

    private static Profile p() {
        return Profile.get();
    }

    static boolean locationGranted() {
        return Permissions.isGranted("android.permission.ACCESS_FINE_LOCATION")
                || Permissions.isGranted("android.permission.ACCESS_COARSE_LOCATION");
    }

    public String getMacAddress() {
        return p().str("wifi.mac");
    }

    public String getSSID() {
        return locationGranted() ? "\"" + p().str("wifi.ssid") + "\"" : UNKNOWN_SSID;
    }

    public String getBSSID() {
        return locationGranted() ? p().str("wifi.bssid") : DEFAULT_MAC;
    }

    public boolean getHiddenSSID() {
        return false;
    }

    /** The IPv4 address as Android packs it: little-endian int. */
    public int getIpAddress() {
        return packIp(p().str("wifi.ip"));
    }

    static int packIp(String dotted) {
        String[] parts = dotted.split("\\.");
        int v = 0;
        for (int i = 0; i < 4 && i < parts.length; i++) {
            try {
                v |= (Integer.parseInt(parts[i]) & 0xff) << (8 * i);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return v;
    }

    public int getRssi() {
        return p().integer("wifi.rssi");
    }

    public int getLinkSpeed() {
        return p().integer("wifi.link_speed");
    }

    public int getTxLinkSpeedMbps() {
        return p().integer("wifi.link_speed");
    }

    public int getRxLinkSpeedMbps() {
        return p().integer("wifi.link_speed");
    }

    public int getFrequency() {
        return p().integer("wifi.frequency");
    }

    public int getNetworkId() {
        return locationGranted() ? 0 : -1;
    }

    public int getWifiStandard() {
        return 5;
    }

    public int getSubscriptionId() {
        return -1;
    }

    @Override
    public String toString() {
        return "SSID: " + getSSID() + ", BSSID: " + getBSSID() + ", MAC: " + getMacAddress() + ", RSSI: " + getRssi();
    }
}
