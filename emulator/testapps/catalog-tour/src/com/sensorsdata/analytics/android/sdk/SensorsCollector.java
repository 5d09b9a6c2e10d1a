package com.sensorsdata.analytics.android.sdk;

import android.accounts.AccountManager;
import android.content.ClipboardManager;
import android.content.Context;
import android.hardware.Sensor;
import android.hardware.SensorEvent;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import com.example.catalogtour.Safe;

/** Sensors Data imitation: sensors, clipboard (read and listener) and accounts. */
public final class SensorsCollector {
    private SensorsCollector() {}

    public static void collect(Context ctx) {
        SensorManager sm = (SensorManager) ctx.getSystemService(Context.SENSOR_SERVICE);
        Safe.call("sensor_list", () -> sm.getSensorList(Sensor.TYPE_ALL));
        Safe.call("sensor_listen", () -> sm.registerListener(new SensorEventListener() {
            @Override
            public void onSensorChanged(SensorEvent event) {
                sm.unregisterListener(this);
            }

            @Override
            public void onAccuracyChanged(Sensor sensor, int accuracy) {}
        }, sm.getDefaultSensor(Sensor.TYPE_ACCELEROMETER), SensorManager.SENSOR_DELAY_NORMAL));
        ClipboardManager cm = (ClipboardManager) ctx.getSystemService(Context.CLIPBOARD_SERVICE);
        Safe.call("clip", () -> cm.getPrimaryClip());
        Safe.call("clip_listener", () -> {
            cm.addPrimaryClipChangedListener(() -> {});
            return "added";
        });
        Safe.call("accounts", () -> AccountManager.get(ctx).getAccounts());
    }
}
