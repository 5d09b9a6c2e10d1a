package android.os;

import com.pimon.emulator.Profile;

/**
 * System properties ({@code @hide} on Android; SDKs read it by reflection to fingerprint the
 * device): the build and identifier properties come from the device profile.
 */
public class SystemProperties {
    private SystemProperties() {}

    private static String lookup(String key) {
        Profile p = Profile.get();
        switch (key) {
            case "ro.serialno":
            case "ro.boot.serialno":
                return p.str("serial");
            case "ro.product.model":
                return p.str("build.model");
            case "ro.product.brand":
                return p.str("build.brand");
            case "ro.product.manufacturer":
                return p.str("build.manufacturer");
            case "ro.product.device":
                return p.str("build.device");
            case "ro.product.name":
                return p.str("build.product");
            case "ro.product.board":
                return p.str("build.board");
            case "ro.hardware":
                return p.str("build.hardware");
            case "ro.build.id":
                return p.str("build.id");
            case "ro.build.display.id":
                return p.str("build.display");
            case "ro.build.fingerprint":
                return p.str("build.fingerprint");
            case "ro.build.version.release":
                return Build.VERSION.RELEASE;
            case "ro.build.version.sdk":
                return String.valueOf(Build.VERSION.SDK_INT);
            case "ro.build.version.incremental":
                return Build.VERSION.INCREMENTAL;
            case "ro.build.type":
                return Build.TYPE;
            case "ro.build.tags":
                return Build.TAGS;
            case "ro.debuggable":
            case "ro.secure":
                return key.equals("ro.secure") ? "1" : "0";
            case "gsm.sim.operator.numeric":
                return p.str("sim.operator");
            case "gsm.operator.numeric":
                return p.str("network.operator");
            case "gsm.sim.operator.iso-country":
                return p.str("sim.country_iso");
            case "gsm.operator.alpha":
                return p.str("network.operator_name");
            case "gsm.network.type":
                return "LTE";
            case "persist.sys.timezone":
                return "Asia/Shanghai";
            case "persist.sys.locale":
            case "ro.product.locale":
                return "zh-CN";
            case "net.hostname":
                return "android-" + p.str("android_id");
            default:
                return "";
        }
    }

    public static String get(String key) {
        return lookup(key);
    }

    public static String get(String key, String def) {
        String v = lookup(key);
        return v.isEmpty() ? def : v;
    }
}
