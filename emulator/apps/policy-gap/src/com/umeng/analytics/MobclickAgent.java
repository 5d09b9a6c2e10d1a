package com.umeng.analytics;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;

/** Imitation of Umeng analytics: init reads the android_id for its session (kept local here). */
public class MobclickAgent {
    public static void init(Context context, String appkey) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        Log.i("umeng", "session " + appkey + " " + (androidId == null ? 0 : androidId.length()));
    }
}
