package android.content;

import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.os.Handler;
import android.os.Looper;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;

/** Interface to global information about an application environment. */
public abstract class Context {
    public static final int MODE_PRIVATE = 0x0000;
    @Deprecated public static final int MODE_WORLD_READABLE = 0x0001;
    @Deprecated public static final int MODE_WORLD_WRITEABLE = 0x0002;
    public static final int MODE_APPEND = 0x8000;
    @Deprecated public static final int MODE_MULTI_PROCESS = 0x0004;

    public static final int BIND_AUTO_CREATE = 0x0001;
    public static final int RECEIVER_EXPORTED = 0x2;
    public static final int RECEIVER_NOT_EXPORTED = 0x4;
    public static final int RECEIVER_VISIBLE_TO_INSTANT_APPS = 0x1;

    public static final String ACCESSIBILITY_SERVICE = "accessibility";
    public static final String ACCOUNT_SERVICE = "account";
    public static final String ACTIVITY_SERVICE = "activity";
    public static final String ALARM_SERVICE = "alarm";
    public static final String APP_OPS_SERVICE = "appops";
    public static final String AUDIO_SERVICE = "audio";
    public static final String BATTERY_SERVICE = "batterymanager";
    public static final String BLUETOOTH_SERVICE = "bluetooth";
    public static final String CAMERA_SERVICE = "camera";
    public static final String CLIPBOARD_SERVICE = "clipboard";
    public static final String CONNECTIVITY_SERVICE = "connectivity";
    public static final String DEVICE_POLICY_SERVICE = "device_policy";
    public static final String DISPLAY_SERVICE = "display";
    public static final String DOWNLOAD_SERVICE = "download";
    public static final String INPUT_METHOD_SERVICE = "input_method";
    public static final String KEYGUARD_SERVICE = "keyguard";
    public static final String LAYOUT_INFLATER_SERVICE = "layout_inflater";
    public static final String LOCATION_SERVICE = "location";
    public static final String NOTIFICATION_SERVICE = "notification";
    public static final String NFC_SERVICE = "nfc";
    public static final String POWER_SERVICE = "power";
    public static final String SENSOR_SERVICE = "sensor";
    public static final String STORAGE_SERVICE = "storage";
    public static final String TELECOM_SERVICE = "telecom";
    public static final String TELEPHONY_SERVICE = "phone";
    public static final String TELEPHONY_SUBSCRIPTION_SERVICE = "telephony_subscription_service";
    public static final String USAGE_STATS_SERVICE = "usagestats";
    public static final String USB_SERVICE = "usb";
    public static final String USER_SERVICE = "user";
    public static final String VIBRATOR_SERVICE = "vibrator";
    public static final String WIFI_P2P_SERVICE = "wifip2p";
    public static final String WIFI_SERVICE = "wifi";
    public static final String WINDOW_SERVICE = "window";

    public Context() {}

    public abstract Context getApplicationContext();

    public abstract String getPackageName();

    public abstract Looper getMainLooper();

    /** Runs tasks on the main thread (Android 9+). */
    public java.util.concurrent.Executor getMainExecutor() {
        android.os.Handler h = new android.os.Handler(getMainLooper());
        return h::post;
    }

    public abstract ClassLoader getClassLoader();

    public abstract String getPackageCodePath();

    public abstract Object getSystemService(String name);

    public abstract ContentResolver getContentResolver();

    public abstract android.content.res.AssetManager getAssets();

    public abstract android.content.res.Resources getResources();

    public abstract PackageManager getPackageManager();

    public abstract ApplicationInfo getApplicationInfo();

    @SuppressWarnings("unchecked")
    public final <T> T getSystemService(Class<T> serviceClass) {
        String name = getSystemServiceName(serviceClass);
        return name == null ? null : (T) getSystemService(name);
    }

    public abstract String getSystemServiceName(Class<?> serviceClass);

    public abstract SharedPreferences getSharedPreferences(String name, int mode);

    public abstract boolean deleteSharedPreferences(String name);

    public abstract void startActivity(Intent intent);

    public abstract ComponentName startService(Intent service);

    public abstract ComponentName startForegroundService(Intent service);

    public abstract boolean stopService(Intent service);

    public abstract boolean bindService(Intent service, ServiceConnection conn, int flags);

    public abstract void unbindService(ServiceConnection conn);

    public abstract void sendBroadcast(Intent intent);

    public abstract void sendBroadcast(Intent intent, String receiverPermission);

    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter);

    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, int flags);

    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler);

    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler, int flags);

    public abstract void unregisterReceiver(BroadcastReceiver receiver);

    public abstract int checkPermission(String permission, int pid, int uid);

    public abstract int checkCallingOrSelfPermission(String permission);

    public abstract int checkSelfPermission(String permission);

    public abstract void enforceCallingOrSelfPermission(String permission, String message);

    public abstract File getDataDir();

    public abstract File getFilesDir();

    public abstract File getCacheDir();

    public abstract File getNoBackupFilesDir();

    public abstract File getCodeCacheDir();

    public abstract File getExternalFilesDir(String type);

    public abstract File getExternalCacheDir();

    public abstract File getDir(String name, int mode);

    public abstract File getDatabasePath(String name);

    public abstract File getFileStreamPath(String name);

    public abstract FileInputStream openFileInput(String name) throws FileNotFoundException;

    public abstract FileOutputStream openFileOutput(String name, int mode) throws FileNotFoundException;

    public abstract boolean deleteFile(String name);

    public abstract String[] fileList();

    public abstract String[] databaseList();

    public abstract boolean deleteDatabase(String name);

    public boolean isRestricted() {
        return false;
    }

    public boolean isDeviceProtectedStorage() {
        return false;
    }
}
