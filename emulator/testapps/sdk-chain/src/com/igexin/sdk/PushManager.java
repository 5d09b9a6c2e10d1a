package com.igexin.sdk;

import android.content.Context;

/** Getui imitation: asks the app for a device id through the app's provider. */
public final class PushManager {
    public interface IdProvider {
        String deviceId();
    }

    private static final PushManager INSTANCE = new PushManager();

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context ctx, IdProvider provider) {
        android.util.Log.i("chain", "cid " + provider.deviceId());
    }
}
