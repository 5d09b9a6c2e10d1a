package com.bytedance.sdk.openadsdk;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;

/** Imitation of Pangle (穿山甲) ads: init reads the android_id for ad targeting. */
public class TTAdSdk {
    public static void init(Context context, String appId) {
        String id = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        Log.i("pangle", appId + " " + (id == null ? "-" : "ok"));
    }
}
