package com.tencent.bugly.crashreport;

import android.app.ActivityManager;
import android.content.Context;
import com.example.catalogtour.Safe;

/**
 * Bugly imitation: shell commands through Runtime.exec (getprop -> device-info, pm list packages ->
 * installed-apps, cat /proc/... -> native, anything else -> exec; the same through ProcessBuilder's constructor),
 * running processes (running-apps)
 * and process control (process).
 */
public final class ShellProbe {
    private ShellProbe() {}

    private static Object waitFor(Process p) throws Exception {
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    public static void collect(Context ctx) {
        Runtime rt = Runtime.getRuntime();
        Safe.call("getprop", () -> waitFor(rt.exec("getprop ro.serialno")));
        Safe.call("pm_list", () -> waitFor(rt.exec(new String[] {"pm", "list", "packages"})));
        Safe.call("cat_proc", () -> waitFor(rt.exec("cat /proc/net/arp")));
        Safe.call("uname", () -> waitFor(rt.exec(new String[] {"uname", "-a"})));
        Safe.call("builder", () -> waitFor(new ProcessBuilder("true").start()));
        Safe.call("builder_getprop", () -> waitFor(new ProcessBuilder("getprop", "ro.build.fingerprint").start()));
        Safe.call("builder_pm", () -> waitFor(new ProcessBuilder(java.util.List.of("pm", "list", "packages")).start()));
        Safe.call("builder_cat", () -> waitFor(new ProcessBuilder("cat", "/sys/class/net/lo/address").start()));
        ActivityManager am = (ActivityManager) ctx.getSystemService(Context.ACTIVITY_SERVICE);
        Safe.call("running", () -> am.getRunningAppProcesses());
        Safe.call("kill_bg", () -> {
            am.killBackgroundProcesses("com.example.partner");
            return "killed";
        });
    }
}
