package android.os;

import com.pimon.emulator.Permissions;
import com.pimon.emulator.Profile;

/** Device build information; the device-specific values come from the device profile. */
public class Build {
    public static final String UNKNOWN = "unknown";
    public static final String ID = prop("build.id");
    public static final String DISPLAY = prop("build.display");
    public static final String PRODUCT = prop("build.product");
    public static final String DEVICE = prop("build.device");
    public static final String BOARD = prop("build.board");
    @Deprecated public static final String CPU_ABI = "arm64-v8a";
    @Deprecated public static final String CPU_ABI2 = "";
    public static final String MANUFACTURER = prop("build.manufacturer");
    public static final String BRAND = prop("build.brand");
    public static final String MODEL = prop("build.model");
    public static final String SOC_MANUFACTURER = "QTI";
    public static final String SOC_MODEL = "SM8250";
    public static final String SKU = UNKNOWN;
    public static final String ODM_SKU = UNKNOWN;
    public static final String BOOTLOADER = UNKNOWN;
    @Deprecated public static final String RADIO = UNKNOWN;
    public static final String HARDWARE = prop("build.hardware");
    /** Android 8+: {@code unknown} for apps; the real serial needs {@link #getSerial()}. */
    @Deprecated public static final String SERIAL = UNKNOWN;
    public static final String[] SUPPORTED_ABIS = {"arm64-v8a", "armeabi-v7a", "armeabi"};
    public static final String[] SUPPORTED_32_BIT_ABIS = {"armeabi-v7a", "armeabi"};
    public static final String[] SUPPORTED_64_BIT_ABIS = {"arm64-v8a"};
    public static final String TYPE = "user";
    public static final String TAGS = "release-keys";
    public static final String FINGERPRINT = prop("build.fingerprint");
    public static final long TIME = 1694000000000L;
    public static final String USER = "builder";
    public static final String HOST = "pangu-build-component-system-177793";

    public Build() {}

    private static String prop(String key) {
        try {
            String v = Profile.get().str(key);
            return v.isEmpty() ? UNKNOWN : v;
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The hardware serial number; needs READ_PHONE_STATE (Android 8–9 rule). */
    public static String getSerial() {
        Permissions.enforce("android.permission.READ_PHONE_STATE");
        return Profile.get().str("serial");
    }

    public static String getRadioVersion() {
        return "MPSS.HI.2.0.c7-00212";
    }

    /** Version information of the platform (Android 13, API 33). */
    public static class VERSION {
        public static final String INCREMENTAL = "V14.0.8.0.TKHCNXM";
        public static final String RELEASE = "13";
        public static final String RELEASE_OR_CODENAME = "13";
        public static final String RELEASE_OR_PREVIEW_DISPLAY = "13";
        public static final String BASE_OS = "";
        public static final String SECURITY_PATCH = "2023-09-01";
        public static final int MEDIA_PERFORMANCE_CLASS = 0;
        @Deprecated public static final String SDK = "33";
        public static final int SDK_INT = 33;
        public static final int PREVIEW_SDK_INT = 0;
        public static final String CODENAME = "REL";

        public VERSION() {}
    }

    /** API levels. */
    public static class VERSION_CODES {
        public static final int CUR_DEVELOPMENT = 10000;
        public static final int BASE = 1;
        public static final int KITKAT = 19;
        public static final int LOLLIPOP = 21;
        public static final int LOLLIPOP_MR1 = 22;
        public static final int M = 23;
        public static final int N = 24;
        public static final int N_MR1 = 25;
        public static final int O = 26;
        public static final int O_MR1 = 27;
        public static final int P = 28;
        public static final int Q = 29;
        public static final int R = 30;
        public static final int S = 31;
        public static final int S_V2 = 32;
        public static final int TIRAMISU = 33;
        public static final int UPSIDE_DOWN_CAKE = 34;
        public static final int VANILLA_ICE_CREAM = 35;
        public static final int BAKLAVA = 36;

        public VERSION_CODES() {}
    }
}
