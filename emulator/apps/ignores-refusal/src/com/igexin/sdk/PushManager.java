package com.igexin.sdk;

import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;

/** Imitation of the Getui push SDK's entry point: registering and unregistering read the device identifiers. */
public class PushManager {
    private static final PushManager INSTANCE = new PushManager();
    private String clientId;

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context context) {
        clientId = register(context);
    }

    /** Stops the push service; unregistering identifies the device again (reads the identifiers). */
    public void turnOffPush(Context context) {
        register(context);
        clientId = null;
    }

    private static String register(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String imei = null;
        try {
            imei = tm.getImei();
        } catch (SecurityException e) {
            // not granted: register with what is available
        }
        String operator = tm.getSimOperator();
        return Integer.toHexString((androidId + imei + operator).hashCode());
    }

    public String getClientid(Context context) {
        return clientId;
    }
}
