package com.pimon.emulator;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Runtime permissions of the running app. Normal permissions declared in the manifest are granted;
 * dangerous ones start denied and are granted by the user in the system dialog. Answers persist in
 * data/&lt;pkg&gt;/permissions.properties ("granted" / "denied").
 */
public final class Permissions {
    /** Android's dangerous (runtime) permissions. */
    public static final Set<String> DANGEROUS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "android.permission.READ_CALENDAR", "android.permission.WRITE_CALENDAR",
            "android.permission.CAMERA",
            "android.permission.READ_CONTACTS", "android.permission.WRITE_CONTACTS", "android.permission.GET_ACCOUNTS",
            "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION",
            "android.permission.ACCESS_BACKGROUND_LOCATION",
            "android.permission.RECORD_AUDIO",
            "android.permission.READ_PHONE_STATE", "android.permission.READ_PHONE_NUMBERS",
            "android.permission.CALL_PHONE", "android.permission.ANSWER_PHONE_CALLS",
            "android.permission.READ_CALL_LOG", "android.permission.WRITE_CALL_LOG",
            "android.permission.ADD_VOICEMAIL", "android.permission.USE_SIP", "android.permission.PROCESS_OUTGOING_CALLS",
            "android.permission.BODY_SENSORS", "android.permission.ACTIVITY_RECOGNITION",
            "android.permission.SEND_SMS", "android.permission.RECEIVE_SMS", "android.permission.READ_SMS",
            "android.permission.RECEIVE_WAP_PUSH", "android.permission.RECEIVE_MMS",
            "android.permission.READ_EXTERNAL_STORAGE", "android.permission.WRITE_EXTERNAL_STORAGE",
            "android.permission.READ_MEDIA_IMAGES", "android.permission.READ_MEDIA_VIDEO", "android.permission.READ_MEDIA_AUDIO",
            "android.permission.BLUETOOTH_CONNECT", "android.permission.BLUETOOTH_SCAN", "android.permission.BLUETOOTH_ADVERTISE",
            "android.permission.NEARBY_WIFI_DEVICES", "android.permission.POST_NOTIFICATIONS",
            "android.permission.UWB_RANGING")));

    private static final String FILE = "permissions.properties";
    private static volatile List<String> declared = Collections.emptyList();

    private Permissions() {}

    static void setDeclared(List<String> permissions) {
        declared = permissions;
    }

    public static boolean isDangerous(String permission) {
        return DANGEROUS.contains(permission);
    }

    public static boolean isDeclared(String permission) {
        return declared.contains(permission);
    }

    /** Whether the running app holds this permission now. */
    public static boolean isGranted(String permission) {
        if (permission == null || !declared.contains(permission)) return false;
        if (!isDangerous(permission)) return true;
        return "granted".equals(load().getProperty(permission));
    }

    /** Whether the user has denied this permission before (shouldShowRequestPermissionRationale). */
    public static boolean wasDenied(String permission) {
        return "denied".equals(load().getProperty(permission));
    }

    /** Throws SecurityException, as Android does, when the running app lacks the permission. */
    public static void enforce(String permission) {
        if (!isGranted(permission)) {
            throw new SecurityException("uid " + DeviceState.uid() + " (" + DeviceState.packageName()
                    + ") does not have " + permission + ".");
        }
    }

    /** Records the user's answer for a permission. */
    public static synchronized void record(String permission, boolean granted) {
        Properties p = load();
        p.setProperty(permission, granted ? "granted" : "denied");
        File f = new File(DeviceState.appDataDir(), FILE);
        File tmp = new File(f.getPath() + ".tmp");
        try (OutputStream out = new FileOutputStream(tmp)) {
            p.store(out, "pimon emulator: runtime permission grants");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + f + ": " + e.getMessage(), e);
        }
        if (!tmp.renameTo(f)) throw new IllegalStateException("cannot write " + f);
    }

    private static Properties cache;

    /** The grants file, read once per process (only this process writes it while it runs). */
    private static synchronized Properties load() {
        if (cache != null) return cache;
        Properties p = new Properties();
        File f = new File(new File(new File(DeviceState.dir(), "data"), DeviceState.packageName()), FILE);
        if (f.isFile()) {
            try (InputStream in = new FileInputStream(f)) {
                p.load(in);
            } catch (IOException e) {
                // unreadable grants count as none
            }
        }
        cache = p;
        return p;
    }
}
