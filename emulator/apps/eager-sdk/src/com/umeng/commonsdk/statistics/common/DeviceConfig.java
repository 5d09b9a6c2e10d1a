package com.umeng.commonsdk.statistics.common;

import android.content.Context;
import android.content.pm.PackageInfo;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import java.util.ArrayList;
import java.util.List;

/** Device identifiers the way analytics SDKs read them (each read guarded, none asked for). */
public class DeviceConfig {
    public static String getImei(Context context) {
        try {
            TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
            return tm.getDeviceId();
        } catch (SecurityException e) {
            return null;
        }
    }

    public static String getAndroidId(Context context) {
        return Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }

    public static String getMac(Context context) {
        WifiManager wm = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
        WifiInfo info = wm.getConnectionInfo();
        return info == null ? null : info.getMacAddress();
    }

    public static List<String> getInstalledApps(Context context) {
        List<String> out = new ArrayList<>();
        for (PackageInfo p : context.getPackageManager().getInstalledPackages(0)) out.add(p.packageName);
        return out;
    }
}
