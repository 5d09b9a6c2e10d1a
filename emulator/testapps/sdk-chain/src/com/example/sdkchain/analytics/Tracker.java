package com.example.sdkchain.analytics;

import android.content.Context;

/** The app's own facade over Umeng (apps wrap SDKs like this). */
public final class Tracker {
    private Tracker() {}

    public static void start(Context ctx) {
        com.umeng.commonsdk.UMConfigure.init(ctx, "appkey", "channel");
    }
}
