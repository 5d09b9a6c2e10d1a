package android.net.wifi;

import android.content.Context;
import android.net.DhcpInfo;
import com.pimon.emulator.Profile;
import java.util.ArrayList;
import java.util.List;

/** Wi-Fi state, the current connection and scan results, from the device profile. */
public class WifiManager {
    public static final int WIFI_STATE_DISABLING = 0;
    public static final int WIFI_STATE_DISABLED = 1;
    public static final int WIFI_STATE_ENABLING = 2;
    public static final int WIFI_STATE_ENABLED = 3;
    public static final int WIFI_STATE_UNKNOWN = 4;
    public static final String WIFI_STATE_CHANGED_ACTION = "android.net.wifi.WIFI_STATE_CHANGED";
    public static final String SCAN_RESULTS_AVAILABLE_ACTION = "android.net.wifi.SCAN_RESULTS";
    public static final String NETWORK_STATE_CHANGED_ACTION = "android.net.wifi.STATE_CHANGE";

    WifiManager(Context context) {}

    public WifiInfo getConnectionInfo() {
        return new WifiInfo();
    }

    /** Needs a location permission (Android 9+); without it the list is empty, as on Android. */
    public List<ScanResult> getScanResults() {
        List<ScanResult> out = new ArrayList<>();
        if (!WifiInfo.locationGranted()) return out;
        long now = System.nanoTime() / 1000;
        for (String[] r : Profile.get().records("wifi.scan")) {
            ScanResult s = new ScanResult();
            s.SSID = Profile.field(r, 0, "");
            s.BSSID = Profile.field(r, 1, "");
            s.level = Integer.parseInt(Profile.field(r, 2, "-70"));
            s.frequency = Integer.parseInt(Profile.field(r, 3, "2437"));
            s.timestamp = now;
            out.add(s);
        }
        return out;
    }

    /** Saved networks: only the current one, and only with a location permission. */
    @Deprecated
    public List<WifiConfiguration> getConfiguredNetworks() {
        List<WifiConfiguration> out = new ArrayList<>();
        if (!WifiInfo.locationGranted()) return out;
        WifiConfiguration c = new WifiConfiguration();
        c.networkId = 0;
        c.SSID = "\"" + Profile.get().str("wifi.ssid") + "\"";
        out.add(c);
        return out;
    }

    @Deprecated
    public DhcpInfo getDhcpInfo() {
        DhcpInfo d = new DhcpInfo();
        String ip = Profile.get().str("wifi.ip");
        d.ipAddress = WifiInfo.packIp(ip);
        String gw = ip.contains(".") ? ip.substring(0, ip.lastIndexOf('.')) + ".1" : "0.0.0.0";
        d.gateway = WifiInfo.packIp(gw);
        d.serverAddress = d.gateway;
        d.dns1 = d.gateway;
        d.netmask = WifiInfo.packIp("255.255.255.0");
        d.leaseDuration = 43200;
        return d;
    }

    public boolean isWifiEnabled() {
        return true;
    }

    public int getWifiState() {
        return WIFI_STATE_ENABLED;
    }

    @Deprecated
    public boolean setWifiEnabled(boolean enabled) {
        return false;
    }

    @Deprecated
    /** Scan results arrive as a {@code SCAN_RESULTS} broadcast shortly after (to registered receivers). */
    public boolean startScan() {
        com.pimon.emulator.AppRuntime rt = com.pimon.emulator.AppRuntime.get();
        new android.os.Handler(android.os.Looper.getMainLooper()).postDelayed(() -> rt.systemBroadcast(
                new android.content.Intent(SCAN_RESULTS_AVAILABLE_ACTION).putExtra("resultsUpdated", true)), 100);
        return true;
    }

    public boolean is5GHzBandSupported() {
        return true;
    }

    public boolean isScanAlwaysAvailable() {
        return true;
    }

    public int getMaxSignalLevel() {
        return 4;
    }

    public static int calculateSignalLevel(int rssi, int numLevels) {
        if (rssi <= -100) return 0;
        if (rssi >= -55) return numLevels - 1;
        return (int) ((float) (rssi + 100) * (numLevels - 1) / 45);
    }
}
