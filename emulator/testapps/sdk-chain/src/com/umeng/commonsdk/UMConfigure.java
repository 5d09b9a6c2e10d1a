package com.umeng.commonsdk;

import android.content.Context;
import android.net.wifi.WifiManager;

/** Umeng imitation: init reads the Wi-Fi MAC itself. */
public final class UMConfigure {
    private UMConfigure() {}

    public static void init(Context ctx, String appkey, String channel) {
        WifiManager wm = (WifiManager) ctx.getSystemService(Context.WIFI_SERVICE);
        android.util.Log.i("chain", "mac " + wm.getConnectionInfo().getMacAddress());
    }
}
