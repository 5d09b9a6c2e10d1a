package com.qq.e.comm.managers;

import android.content.Context;
import android.content.Intent;
import com.example.catalogtour.Safe;

/** GDT (Tencent ads) imitation: the installed apps (category installed-apps). */
public final class GDTInstalledApps {
    private GDTInstalledApps() {}

    public static void collect(Context ctx) {
        Safe.call("installed", () -> ctx.getPackageManager().getInstalledPackages(0));
        Safe.call("launchers", () -> {
            Intent main = new Intent(Intent.ACTION_MAIN);
            main.addCategory(Intent.CATEGORY_LAUNCHER);
            return ctx.getPackageManager().queryIntentActivities(main, 0);
        });
    }
}
