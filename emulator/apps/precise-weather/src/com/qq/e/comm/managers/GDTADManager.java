package com.qq.e.comm.managers;

import android.content.Context;
import android.content.pm.PackageInfo;
import android.util.Log;
import java.util.List;

/** Imitation of Tencent GDT ads: initialising reads the full installed-app list for ad targeting. */
public class GDTADManager {
    public static void initWith(Context context, String appId) {
        List<PackageInfo> apps = context.getPackageManager().getInstalledPackages(0);
        Log.i("gdt", appId + ": " + apps.size() + " apps");
    }
}
