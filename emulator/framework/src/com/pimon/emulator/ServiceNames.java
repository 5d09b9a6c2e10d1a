package com.pimon.emulator;

import android.content.Context;
import java.util.HashMap;
import java.util.Map;

/** Service names by class (Context.getSystemServiceName). */
final class ServiceNames {
    private static final Map<String, String> BY_CLASS = new HashMap<>();

    static {
        String[][] pairs = {
            {"android.app.ActivityManager", Context.ACTIVITY_SERVICE},
            {"android.app.AlarmManager", Context.ALARM_SERVICE},
            {"android.app.NotificationManager", Context.NOTIFICATION_SERVICE},
            {"android.telephony.TelephonyManager", Context.TELEPHONY_SERVICE},
            {"android.telephony.SubscriptionManager", Context.TELEPHONY_SUBSCRIPTION_SERVICE},
            {"android.net.wifi.WifiManager", Context.WIFI_SERVICE},
            {"android.net.ConnectivityManager", Context.CONNECTIVITY_SERVICE},
            {"android.location.LocationManager", Context.LOCATION_SERVICE},
            {"android.content.ClipboardManager", Context.CLIPBOARD_SERVICE},
            {"android.accounts.AccountManager", Context.ACCOUNT_SERVICE},
            {"android.hardware.SensorManager", Context.SENSOR_SERVICE},
            {"android.hardware.camera2.CameraManager", Context.CAMERA_SERVICE},
            {"android.bluetooth.BluetoothManager", Context.BLUETOOTH_SERVICE},
            {"android.media.AudioManager", Context.AUDIO_SERVICE},
        };
        for (String[] p : pairs) BY_CLASS.put(p[0], p[1]);
    }

    private ServiceNames() {}

    static String of(Class<?> c) {
        return c == null ? null : BY_CLASS.get(c.getName());
    }
}
