package com.pimon.probe;

import android.app.Application;
import android.content.SharedPreferences;
import android.util.Log;

public class ProbeApp extends Application {
    static {
        Log.i("probe", "static-init");
    }

    @Override
    public void onCreate() {
        super.onCreate();
        Log.i("probe", "app-create");
        SharedPreferences p = getSharedPreferences("probe", MODE_PRIVATE);
        int n = p.getInt("launches", 0) + 1;
        p.edit().putInt("launches", n).apply();
        Log.i("probe", "launches=" + n);
        Log.i("probe", "consent=" + p.getBoolean("consent", false));
        Log.i("probe", "phone-permission=" + checkSelfPermission("android.permission.READ_PHONE_STATE"));
        MainActivity.readDeviceId(this);
        String url = System.getProperty("pimon.probe.url");
        if (url != null) {
            new Thread(() -> Net.fetch(url), "probe-net").start();
        }
    }
}
