package com.example.sdkchain.push;

import android.content.Context;
import android.telephony.TelephonyManager;

/** The app's implementation of an SDK callback interface: the SDK asks, the app's code reads. */
public final class DeviceIdProvider implements com.igexin.sdk.PushManager.IdProvider {
    private final Context ctx;

    public DeviceIdProvider(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public String deviceId() {
        return ((TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE)).getSubscriberId();
    }
}
