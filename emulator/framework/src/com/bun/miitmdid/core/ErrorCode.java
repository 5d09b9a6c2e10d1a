package com.bun.miitmdid.core;

/** Result codes of {@link MdidSdkHelper#InitSdk}. */
public final class ErrorCode {
    public static final int INIT_ERROR_BEGIN = 1008610;
    public static final int INIT_ERROR_MANUFACTURER_NOSUPPORT = 1008611;
    public static final int INIT_ERROR_DEVICE_NOSUPPORT = 1008612;
    public static final int INIT_ERROR_LOAD_CONFIGFILE = 1008613;
    public static final int INIT_ERROR_RESULT_DELAY = 1008614;
    public static final int INIT_HELPER_CALL_ERROR = 1008615;

    private ErrorCode() {}
}
