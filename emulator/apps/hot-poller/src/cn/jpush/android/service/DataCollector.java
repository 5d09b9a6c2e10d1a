package cn.jpush.android.service;

import android.content.Context;
import android.location.LocationManager;
import android.os.Handler;
import android.os.Looper;
import android.provider.Settings;

/**
 * Polls the last known location every 1 s and android_id every 2 s on the main looper, forever
 * (it never stops when the app goes to the background).
 */
public final class DataCollector {
    static final long LOCATION_PERIOD_MS = 1000;
    static final long ID_PERIOD_MS = 2000;

    private DataCollector() {}

    public static void start(Context context) {
        Handler handler = new Handler(Looper.getMainLooper());
        LocationManager lm = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Runnable location = new Runnable() {
            @Override
            public void run() {
                try {
                    lm.getLastKnownLocation(LocationManager.NETWORK_PROVIDER);
                } catch (SecurityException e) {
                    // no location permission: try again next time
                }
                handler.postDelayed(this, LOCATION_PERIOD_MS);
            }
        };
        Runnable androidId = new Runnable() {
            @Override
            public void run() {
                Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
                handler.postDelayed(this, ID_PERIOD_MS);
            }
        };
        handler.postDelayed(location, LOCATION_PERIOD_MS);
        handler.postDelayed(androidId, ID_PERIOD_MS);
    }
}
