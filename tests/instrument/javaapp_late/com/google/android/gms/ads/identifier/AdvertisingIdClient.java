package com.google.android.gms.ads.identifier;

/** An SDK class that lives in the app, not the framework: loaded by an app class loader after init. */
public final class AdvertisingIdClient {
    public static String getAdvertisingIdInfo(Object context) {
        return "38400000-8cf0-11bd-b23e-10b96e40000d";
    }
}
