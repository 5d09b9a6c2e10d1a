package com.umeng.commonsdk;

import android.content.Context;
import com.umeng.commonsdk.statistics.common.DeviceConfig;

/** Imitation of the Umeng common SDK's entry point: init collects device identifiers at once. */
public class UMConfigure {
    public static final int DEVICE_TYPE_PHONE = 1;
    public static final int DEVICE_TYPE_BOX = 2;
    private static String appkey;

    public static void init(Context context, String appkey, String channel, int deviceType, String pushSecret) {
        UMConfigure.appkey = appkey;
        Context app = context.getApplicationContext() != null ? context.getApplicationContext() : context;
        DeviceConfig.getImei(app);
        DeviceConfig.getAndroidId(app);
        DeviceConfig.getMac(app);
        DeviceConfig.getInstalledApps(app);
    }

    public static String getAppkey() {
        return appkey;
    }
}
