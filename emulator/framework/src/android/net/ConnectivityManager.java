package android.net;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;
import android.os.Message;
import com.pimon.emulator.Profile;
import java.util.IdentityHashMap;
import java.util.Map;

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

    // ------------------------------------------------------------------ network callbacks

    /** Network events an app registers for. */
    public static class NetworkCallback {
        public NetworkCallback() {}

        public void onAvailable(Network network) {}

        public void onLosing(Network network, int maxMsToLive) {}

        public void onLost(Network network) {}

        public void onUnavailable() {}

        public void onCapabilitiesChanged(Network network, NetworkCapabilities networkCapabilities) {}

        public void onBlockedStatusChanged(Network network, boolean blocked) {}
    }

    static final int CALLBACK_AVAILABLE = 2;
    static final int CALLBACK_LOST = 4;
    static final int CALLBACK_CAP_CHANGED = 6;
    /** The Wi-Fi network's capabilities are re-reported this often (signal strength changes, time compressed)
     * while a callback is registered, so a registration keeps delivering with no further API call. */
    static final long CAPABILITIES_REPORT_MS = 2000L;
    private static final Map<NetworkCallback, CallbackHandler> ACTIVE = new IdentityHashMap<>();

    /** As on Android: the system sends each event as a message to a handler that calls the callback (the
     * delivery pimon hooks, {@code handleMessage}; toString names the callback, so a delivery joins its
     * registration). */
    static final class CallbackHandler extends Handler {
        private final NetworkCallback callback;

        CallbackHandler(Looper looper, NetworkCallback callback) {
            super(looper);
            this.callback = callback;
        }

        @Override
        public void handleMessage(Message message) {
            synchronized (ACTIVE) {
                if (ACTIVE.get(callback) != this) return;
            }
            switch (message.what) {
                case CALLBACK_AVAILABLE -> callback.onAvailable(WIFI);
                case CALLBACK_CAP_CHANGED -> {
                    callback.onCapabilitiesChanged(WIFI, new NetworkCapabilities(NetworkCapabilities.TRANSPORT_WIFI));
                    sendMessageDelayed(obtainMessage(CALLBACK_CAP_CHANGED), CAPABILITIES_REPORT_MS);
                }
                case CALLBACK_LOST -> callback.onLost(WIFI);
                default -> { }
            }
        }

        @Override
        public String toString() {
            return "CallbackHandler{callback=" + callback + "}";
        }
    }

    private static void register(NetworkCallback callback, Handler handler) {
        if (callback == null) throw new IllegalArgumentException("null NetworkCallback");
        Looper looper = handler != null ? handler.getLooper() : Looper.getMainLooper();
        CallbackHandler h = new CallbackHandler(looper, callback);
        synchronized (ACTIVE) {
            if (ACTIVE.containsKey(callback)) throw new IllegalArgumentException("NetworkCallback was already registered");
            ACTIVE.put(callback, h);
        }
        h.sendMessage(h.obtainMessage(CALLBACK_AVAILABLE));
        h.sendMessage(h.obtainMessage(CALLBACK_CAP_CHANGED));
    }

    public void registerNetworkCallback(NetworkRequest request, NetworkCallback networkCallback) {
        register(networkCallback, null);
    }

    public void registerNetworkCallback(NetworkRequest request, NetworkCallback networkCallback, Handler handler) {
        register(networkCallback, handler);
    }

    public void registerDefaultNetworkCallback(NetworkCallback networkCallback) {
        register(networkCallback, null);
    }

    public void registerDefaultNetworkCallback(NetworkCallback networkCallback, Handler handler) {
        register(networkCallback, handler);
    }

    public void unregisterNetworkCallback(NetworkCallback networkCallback) {
        synchronized (ACTIVE) {
            if (ACTIVE.remove(networkCallback) == null) throw new IllegalArgumentException("NetworkCallback was not registered");
        }
    }
}
