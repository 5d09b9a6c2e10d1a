package com.pimon.emulator;

import android.content.ContentResolver;
import android.content.Context;
import android.content.pm.PackageManager;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;

/**
 * The system services behind {@code Context.getSystemService(name)}, {@code getPackageManager()} and
 * {@code getContentResolver()}: one instance per service per process, as on Android. The service
 * classes have no public constructors on Android, so they are built here reflectively.
 */
public final class SystemServices {
    private static final Map<String, Object> SERVICES = new HashMap<>();
    private static PackageManager packageManager;
    private static ContentResolver contentResolver;

    private SystemServices() {}

    /** The service registered under {@code name} (Context.*_SERVICE), or null, as on Android. */
    public static synchronized Object get(Context context, String name) {
        if (name == null) return null;
        Object s = SERVICES.get(name);
        if (s == null) {
            s = create(context, name);
            if (s != null) SERVICES.put(name, s);
        }
        return s;
    }

    private static Object create(Context context, String name) {
        switch (name) {
            case "phone":
                return hidden("android.telephony.TelephonyManager", context);
            case "telephony_subscription_service":
                return hidden("android.telephony.SubscriptionManager", context);
            case "euicc":
                return hidden("android.telephony.euicc.EuiccManager", context);
            case "wifi":
                return hidden("android.net.wifi.WifiManager", context);
            case "connectivity":
                return hidden("android.net.ConnectivityManager", context);
            case "location":
                return hidden("android.location.LocationManager", context);
            case "clipboard":
                return hidden("android.content.ClipboardManager", context);
            case "account":
                return hidden("android.accounts.AccountManager", context);
            case "sensor":
                return hidden("android.hardware.SystemSensorManager");
            case "camera":
                return hidden("android.hardware.camera2.CameraManager", context);
            case "bluetooth":
                return hidden("android.bluetooth.BluetoothManager", context);
            case "device_policy":
                return hidden("android.app.admin.DevicePolicyManager", context);
            case "activity":
                return hidden("android.app.ActivityManager");
            default:
                return null;
        }
    }

    /** The process's PackageManager (an android.app.ApplicationPackageManager). */
    public static synchronized PackageManager packageManager(Context context) {
        if (packageManager == null) packageManager = (PackageManager) hidden("android.app.ApplicationPackageManager");
        return packageManager;
    }

    /** The process's ContentResolver. */
    public static synchronized ContentResolver contentResolver(Context context) {
        if (contentResolver == null) contentResolver = new ContentResolver(context) {};
        return contentResolver;
    }

    /** Builds a framework object through its non-public constructor. */
    private static Object hidden(String className, Object... args) {
        try {
            Class<?> c = Class.forName(className);
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                Class<?>[] types = k.getParameterTypes();
                if (types.length != args.length) continue;
                boolean ok = true;
                for (int i = 0; i < types.length; i++) {
                    if (args[i] != null && !types[i].isInstance(args[i])) ok = false;
                }
                if (!ok) continue;
                k.setAccessible(true);
                return k.newInstance(args);
            }
            throw new IllegalStateException("no constructor for " + className);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create system service " + className + ": " + e, e);
        }
    }
}
