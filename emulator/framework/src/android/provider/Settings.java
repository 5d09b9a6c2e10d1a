package android.provider;

import android.content.ContentResolver;
import android.net.Uri;
import com.pimon.emulator.DeviceState;
import com.pimon.emulator.Profile;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * System settings. Values come from DEVICE_DIR/settings/{system,secure,global}.properties over
 * built-in defaults; {@code Secure.ANDROID_ID} comes from the device profile.
 */
public final class Settings {
    public static final String AUTHORITY = "settings";
    public static final String ACTION_SETTINGS = "android.settings.SETTINGS";
    public static final String ACTION_APPLICATION_DETAILS_SETTINGS = "android.settings.APPLICATION_DETAILS_SETTINGS";
    public static final String ACTION_LOCATION_SOURCE_SETTINGS = "android.settings.LOCATION_SOURCE_SETTINGS";
    public static final String ACTION_WIFI_SETTINGS = "android.settings.WIFI_SETTINGS";

    Settings() {}

    /** Thrown by the int/long/float getters when a setting is missing or not a number. */
    public static class SettingNotFoundException extends Exception {
        public SettingNotFoundException(String msg) {
            super(msg);
        }
    }

    private static final Map<String, Map<String, String>> TABLES = new HashMap<>();

    static synchronized Map<String, String> table(String name) {
        Map<String, String> t = TABLES.get(name);
        if (t != null) return t;
        t = new HashMap<>(defaults(name));
        File f = new File(new File(DeviceState.dir(), "settings"), name + ".properties");
        if (f.isFile()) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(f.toPath(), StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                java.lang.System.err.println("pimon: " + f + ": " + e.getMessage());
            }
            for (String k : props.stringPropertyNames()) t.put(k, props.getProperty(k));
        }
        TABLES.put(name, t);
        return t;
    }

    private static Map<String, String> defaults(String name) {
        Map<String, String> d = new HashMap<>();
        switch (name) {
            case "secure":
                d.put("bluetooth_name", Profile.get().str("bluetooth.name"));
                d.put("default_input_method", "com.sohu.inputmethod.sogou.xiaomi/.SogouIME");
                d.put("location_mode", "3");
                d.put("accessibility_enabled", "0");
                break;
            case "global":
                d.put("adb_enabled", "0");
                d.put("development_settings_enabled", "0");
                d.put("airplane_mode_on", "0");
                d.put("bluetooth_on", "1");
                d.put("wifi_on", "1");
                d.put("auto_time", "1");
                d.put("device_name", Profile.get().str("bluetooth.name"));
                d.put("data_roaming", "0");
                break;
            case "system":
                d.put("screen_brightness", "102");
                d.put("screen_off_timeout", "30000");
                d.put("time_12_24", "24");
                d.put("font_scale", "1.0");
                break;
            default:
                break;
        }
        return d;
    }

    static String read(String table, String name) {
        return name == null ? null : table(table).get(name);
    }

    static int intOf(String table, String name) throws SettingNotFoundException {
        String v = read(table, name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new SettingNotFoundException(name);
        }
    }

    static long longOf(String table, String name) throws SettingNotFoundException {
        String v = read(table, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new SettingNotFoundException(name);
        }
    }

    static float floatOf(String table, String name) throws SettingNotFoundException {
        String v = read(table, name);
        if (v == null) throw new SettingNotFoundException(name);
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new SettingNotFoundException(name);
        }
    }

    static boolean write(String table, String name, String value) {
        if (!"system".equals(table)) {
            throw new SecurityException("Permission denial: writing to " + table + " settings requires android.permission.WRITE_SECURE_SETTINGS");
        }
        table(table).put(name, value);
        return true;
    }

    /** Common base of the three settings tables. */
    public static class NameValueTable implements BaseColumns {
        public static final String NAME = "name";
        public static final String VALUE = "value";

        public NameValueTable() {}

        public static Uri getUriFor(Uri uri, String name) {
            return Uri.withAppendedPath(uri, name);
        }
    }

    /** Secure settings: readable by apps, writable only by the system. */
    public static final class Secure extends NameValueTable {
        public static final Uri CONTENT_URI = Uri.parse("content://" + AUTHORITY + "/secure");
        /** 64-bit hex string unique to the device (and, on Android 8+, to the app signing key). */
        public static final String ANDROID_ID = "android_id";
        public static final String DEFAULT_INPUT_METHOD = "default_input_method";
        public static final String LOCATION_MODE = "location_mode";
        public static final String ACCESSIBILITY_ENABLED = "accessibility_enabled";
        public static final String ENABLED_ACCESSIBILITY_SERVICES = "enabled_accessibility_services";
        @Deprecated public static final String ADB_ENABLED = "adb_enabled";
        public static final int LOCATION_MODE_OFF = 0;
        public static final int LOCATION_MODE_HIGH_ACCURACY = 3;

        public Secure() {}

        public static String getString(ContentResolver resolver, String name) {
            if (ANDROID_ID.equals(name)) return Profile.get().str("android_id");
            return read("secure", name);
        }

        public static boolean putString(ContentResolver resolver, String name, String value) {
            return write("secure", name, value);
        }

        public static Uri getUriFor(String name) {
            return Uri.withAppendedPath(CONTENT_URI, name);
        }

        public static int getInt(ContentResolver cr, String name, int def) {
            try {
                return intOf("secure", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static int getInt(ContentResolver cr, String name) throws SettingNotFoundException {
            return intOf("secure", name);
        }

        public static boolean putInt(ContentResolver cr, String name, int value) {
            return write("secure", name, Integer.toString(value));
        }

        public static long getLong(ContentResolver cr, String name, long def) {
            try {
                return longOf("secure", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static long getLong(ContentResolver cr, String name) throws SettingNotFoundException {
            return longOf("secure", name);
        }

        public static boolean putLong(ContentResolver cr, String name, long value) {
            return write("secure", name, Long.toString(value));
        }

        public static float getFloat(ContentResolver cr, String name, float def) {
            try {
                return floatOf("secure", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static float getFloat(ContentResolver cr, String name) throws SettingNotFoundException {
            return floatOf("secure", name);
        }

        public static boolean putFloat(ContentResolver cr, String name, float value) {
            return write("secure", name, Float.toString(value));
        }
    }

    /** System settings (user preferences); apps may write with WRITE_SETTINGS. */
    public static final class System extends NameValueTable {
        public static final Uri CONTENT_URI = Uri.parse("content://" + AUTHORITY + "/system");
        @Deprecated public static final String ANDROID_ID = "android_id";
        public static final String SCREEN_BRIGHTNESS = "screen_brightness";
        public static final String SCREEN_OFF_TIMEOUT = "screen_off_timeout";
        public static final String TIME_12_24 = "time_12_24";
        public static final String FONT_SCALE = "font_scale";

        public System() {}

        public static String getString(ContentResolver resolver, String name) {
            if (ANDROID_ID.equals(name)) return Profile.get().str("android_id");
            return read("system", name);
        }

        public static boolean putString(ContentResolver resolver, String name, String value) {
            return write("system", name, value);
        }

        public static Uri getUriFor(String name) {
            return Uri.withAppendedPath(CONTENT_URI, name);
        }

        public static int getInt(ContentResolver cr, String name, int def) {
            try {
                return intOf("system", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static int getInt(ContentResolver cr, String name) throws SettingNotFoundException {
            return intOf("system", name);
        }

        public static boolean putInt(ContentResolver cr, String name, int value) {
            return write("system", name, Integer.toString(value));
        }

        public static long getLong(ContentResolver cr, String name, long def) {
            try {
                return longOf("system", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static long getLong(ContentResolver cr, String name) throws SettingNotFoundException {
            return longOf("system", name);
        }

        public static boolean putLong(ContentResolver cr, String name, long value) {
            return write("system", name, Long.toString(value));
        }

        public static float getFloat(ContentResolver cr, String name, float def) {
            try {
                return floatOf("system", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static float getFloat(ContentResolver cr, String name) throws SettingNotFoundException {
            return floatOf("system", name);
        }

        public static boolean putFloat(ContentResolver cr, String name, float value) {
            return write("system", name, Float.toString(value));
        }
    }

    /** Global (device-wide) settings, e.g. {@code http_proxy}, {@code adb_enabled}. */
    public static final class Global extends NameValueTable {
        public static final Uri CONTENT_URI = Uri.parse("content://" + AUTHORITY + "/global");
        public static final String ADB_ENABLED = "adb_enabled";
        public static final String AIRPLANE_MODE_ON = "airplane_mode_on";
        public static final String BLUETOOTH_ON = "bluetooth_on";
        public static final String WIFI_ON = "wifi_on";
        public static final String DATA_ROAMING = "data_roaming";
        public static final String DEVELOPMENT_SETTINGS_ENABLED = "development_settings_enabled";
        public static final String DEVICE_NAME = "device_name";
        public static final String AUTO_TIME = "auto_time";
        public static final String HTTP_PROXY = "http_proxy";

        public Global() {}

        public static String getString(ContentResolver resolver, String name) {
            return read("global", name);
        }

        public static boolean putString(ContentResolver resolver, String name, String value) {
            return write("global", name, value);
        }

        public static Uri getUriFor(String name) {
            return Uri.withAppendedPath(CONTENT_URI, name);
        }

        public static int getInt(ContentResolver cr, String name, int def) {
            try {
                return intOf("global", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static int getInt(ContentResolver cr, String name) throws SettingNotFoundException {
            return intOf("global", name);
        }

        public static boolean putInt(ContentResolver cr, String name, int value) {
            return write("global", name, Integer.toString(value));
        }

        public static long getLong(ContentResolver cr, String name, long def) {
            try {
                return longOf("global", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static long getLong(ContentResolver cr, String name) throws SettingNotFoundException {
            return longOf("global", name);
        }

        public static boolean putLong(ContentResolver cr, String name, long value) {
            return write("global", name, Long.toString(value));
        }

        public static float getFloat(ContentResolver cr, String name, float def) {
            try {
                return floatOf("global", name);
            } catch (SettingNotFoundException e) {
                return def;
            }
        }

        public static float getFloat(ContentResolver cr, String name) throws SettingNotFoundException {
            return floatOf("global", name);
        }

        public static boolean putFloat(ContentResolver cr, String name, float value) {
            return write("global", name, Float.toString(value));
        }
    }
}
