package android.net;

import android.content.Context;
import com.pimon.emulator.Profile;

/** Network connectivity: the device is on Wi-Fi with LTE as a second network. */
public class ConnectivityManager {
    public static final int TYPE_MOBILE = 0;
    public static final int TYPE_WIFI = 1;
    public static final int TYPE_BLUETOOTH = 7;
    public static final int TYPE_ETHERNET = 9;
    public static final int TYPE_VPN = 17;
    @Deprecated public static final String CONNECTIVITY_ACTION = "android.net.conn.CONNECTIVITY_CHANGE";

    private static final Network WIFI = new Network(100);

    ConnectivityManager(Context context) {}

    private static NetworkInfo wifi() {
        return new NetworkInfo(TYPE_WIFI, 0, "WIFI", "", true, "\"" + Profile.get().str("wifi.ssid") + "\"");
    }

    private static NetworkInfo mobile() {
        return new NetworkInfo(TYPE_MOBILE, Profile.get().integer("network.type"), "MOBILE", "LTE", false, "cmnet");
    }

    @Deprecated
    public NetworkInfo getActiveNetworkInfo() {
        return wifi();
    }

    @Deprecated
    public NetworkInfo getNetworkInfo(int networkType) {
        if (networkType == TYPE_WIFI) return wifi();
        if (networkType == TYPE_MOBILE) return mobile();
        return null;
    }

    public NetworkInfo getNetworkInfo(Network network) {
        return network != null && network.equals(WIFI) ? wifi() : null;
    }

    @Deprecated
    public NetworkInfo[] getAllNetworkInfo() {
        return new NetworkInfo[] {wifi(), mobile()};
    }

    public Network getActiveNetwork() {
        return WIFI;
    }

    @Deprecated
    public Network[] getAllNetworks() {
        return new Network[] {WIFI};
    }

    public NetworkCapabilities getNetworkCapabilities(Network network) {
        return network != null && network.equals(WIFI) ? new NetworkCapabilities(NetworkCapabilities.TRANSPORT_WIFI) : null;
    }

    public boolean isActiveNetworkMetered() {
        return false;
    }

    public int getRestrictBackgroundStatus() {
        return 1;
    }
}
