package com.amap.api.location;

import android.content.Context;
import android.telephony.TelephonyManager;

/** AMap imitation: locates on its own thread (no app frame on that stack). */
public final class AMapLocationClient {
    private AMapLocationClient() {}

    public static Thread startLocation(Context ctx) {
        Thread t = new Thread(() -> {
            TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
            android.util.Log.i("chain", "cell " + tm.getCellLocation());
        }, "amap-loc");
        t.start();
        return t;
    }
}
