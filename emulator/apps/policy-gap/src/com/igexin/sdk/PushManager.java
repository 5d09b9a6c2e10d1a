package com.igexin.sdk;

import android.content.Context;
import android.content.pm.PackageInfo;
import android.provider.Settings;
import android.util.Log;
import java.util.List;

/** Imitation of Getui push: registering reads the android_id and the installed-app list (for "push
 * audience" tagging), as its older versions did. */
public class PushManager {
    private static final PushManager INSTANCE = new PushManager();

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        List<PackageInfo> apps = context.getPackageManager().getInstalledPackages(0);
        Log.i("getui", "register cid for " + (androidId == null ? "?" : "device") + ", " + apps.size() + " apps");
    }
}
