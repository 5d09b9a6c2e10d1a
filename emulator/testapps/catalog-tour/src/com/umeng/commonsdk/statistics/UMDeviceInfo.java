package com.umeng.commonsdk.statistics;

import android.content.Context;
import android.media.MediaDrm;
import android.os.Build;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import com.example.catalogtour.Safe;
import java.util.UUID;

/** Umeng imitation: device identifiers (category device-id). */
public final class UMDeviceInfo {
    private UMDeviceInfo() {}

    public static void collect(Context ctx) {
        TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        Safe.call("imei", () -> tm.getImei());
        Safe.call("device_id_1", () -> tm.getDeviceId(1));
        Safe.call("imsi", () -> tm.getSubscriberId());
        Safe.call("android_id", () -> Settings.Secure.getString(ctx.getContentResolver(), Settings.Secure.ANDROID_ID));
        Safe.call("serial", () -> Build.getSerial());
        // the hidden SystemProperties.get by reflection: on Android it ends in __system_property_get
        Safe.call("sysprop_serial", () -> Class.forName("android.os.SystemProperties")
                .getMethod("get", String.class).invoke(null, "ro.serialno"));
        Safe.call("widevine", () -> new MediaDrm(new UUID(0xEDEF8BA979D64ACEL, 0xA3C827DCD51D21EDL))
                .getPropertyByteArray(MediaDrm.PROPERTY_DEVICE_UNIQUE_ID));
    }
}
