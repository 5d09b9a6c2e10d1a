package com.umeng.message;

import android.content.Context;

/** Umeng imitation: registration goes through Bugly, which calls the app's callback. */
public final class PushAgent {
    private PushAgent() {}

    public static void register(Context ctx, Runnable onRegistered) {
        com.tencent.bugly.crashreport.CrashReport.whenReady(onRegistered);
    }
}
