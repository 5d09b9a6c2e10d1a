package com.tencent.bugly.crashreport;

import android.content.Context;
import android.telephony.TelephonyManager;

/** Bugly imitation: reads the IMEI for whoever asks; runs callbacks when ready. */
public final class CrashReport {
    private CrashReport() {}

    public static void deviceInfo(Context ctx) {
        android.util.Log.i("chain", "imei " + ((TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE)).getImei());
    }

    public static void whenReady(Runnable callback) {
        callback.run();
    }
}
