package com.example.crashlaunch;

import android.app.Application;
import android.provider.Settings;

/** Reads the android_id at start-up (a real pre-consent read: PI-6.3-BEFORE-CONSENT). */
public class CrashApp extends Application {
    static String androidId;

    @Override
    public void onCreate() {
        super.onCreate();
        androidId = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
    }
}
