package com.umeng.analytics;

import android.content.Context;

/** Umeng imitation: an event call that hands the device info to Bugly (SDK A -> SDK B). */
public final class MobclickAgent {
    private MobclickAgent() {}

    public static void onEvent(Context ctx, String name) {
        com.tencent.bugly.crashreport.CrashReport.deviceInfo(ctx);
    }
}
