package com.example.app;

import android.app.Activity;
import android.content.ContentResolver;
import android.media.MediaDrm;
import android.net.Uri;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;

/** Gated test app: prints READY, then runs one command per stdin line and answers "OK <result>". */
public final class Main {
    private static ClassLoader sdkLoader;

    public static void main(String[] argv) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split(" ", 2);
            String arg = w.length > 1 ? w[1] : "";
            String result = run(w[0], arg);
            System.out.println("OK " + result);
            System.out.flush();
        }
    }

    static final String SDK_CLASS = "com.google.android.gms.ads.identifier.AdvertisingIdClient";

    static ClassLoader sdkLoader(String dir) throws Exception {
        if (sdkLoader == null) {
            sdkLoader = new java.net.URLClassLoader(
                    new java.net.URL[] {new java.io.File(dir).toURI().toURL()}, Main.class.getClassLoader());
        }
        return sdkLoader;
    }

    static String run(String cmd, String arg) throws Exception {
        TelephonyManager tm = new TelephonyManager("867530900000001");
        switch (cmd) {
            case "umeng":
                return Class.forName("com.umeng.commonsdk.UMConfigure").getField("IMEI").get(null).toString();
            case "loop": {
                int n = Integer.parseInt(arg);
                String last = null;
                for (int i = 0; i < n; i++) last = tm.getDeviceId();
                return last;
            }
            case "slot":
                return tm.getDeviceId(Integer.parseInt(arg));
            case "imei":
                return tm.getImei();
            case "listen": {
                String[] got = new String[1];
                tm.listen(() -> got[0] = tm.getDeviceId(1), 16);
                return got[0];
            }
            case "secure":
                return Settings.Secure.getString(new ContentResolver(), arg);
            case "throw":
                try {
                    return tm.getSubscriberId();
                } catch (SecurityException e) {
                    return "caught " + e.getMessage();
                }
            case "throwbool":
                try {
                    return Boolean.toString(tm.isDataEnabled());
                } catch (SecurityException e) {
                    return "caught " + e.getMessage();
                }
            case "drm":
                return Integer.toString(new MediaDrm().getPropertyByteArray("deviceUniqueId").length);
            case "perms":
                new Activity().requestPermissions(arg.split(","), 7);
                return "requested";
            case "query":
                new ContentResolver().query(Uri.parse(arg), null, null, null, null);
                return "queried";
            case "read":
                try (FileInputStream f = new FileInputStream(arg)) {
                    return Integer.toString(f.readAllBytes().length);
                } catch (java.io.IOException e) {
                    return "error " + e.getMessage();
                }
            case "sdk": {  // load an SDK class through an app class loader (once), then call it
                Class<?> c = Class.forName(SDK_CLASS, true, sdkLoader(arg));
                return (String) c.getMethod("getAdvertisingIdInfo", Object.class).invoke(null, new Object());
            }
            case "sdkdefine":  // only load it (once): defined, but neither linked nor initialised yet
                return Class.forName(SDK_CLASS, false, sdkLoader(arg)).getName();
            case "mac": {
                java.net.NetworkInterface lo = java.net.NetworkInterface.getByName(arg);
                byte[] mac = lo == null ? null : lo.getHardwareAddress();
                return mac == null ? "none" : Integer.toString(mac.length);
            }
            case "exec":  // a shell command (its output's length), or the error
                try {
                    Process p = Runtime.getRuntime().exec(arg.split(" "));
                    int n = p.getInputStream().readAllBytes().length;
                    p.waitFor();
                    return Integer.toString(n);
                } catch (java.io.IOException e) {
                    return "error " + e.getClass().getSimpleName();
                }
            case "evil":  // an argument whose toString() throws
                tm.listen(new Runnable() {
                    public void run() { }
                    @Override public String toString() { throw new IllegalStateException("no toString for you"); }
                }, 1);
                return "listened";
            case "wide":  // an argument whose toString() is long and not ASCII (arg: how many times "标识🙂")
                tm.listen(new Runnable() {
                    public void run() { }
                    @Override public String toString() { return "标识🙂".repeat(Integer.parseInt(arg)); }
                }, 2);
                return "listened";
            case "threads": {  // "threads N M": N named threads, M calls each, at once
                String[] nm = arg.split(" ");
                int n = Integer.parseInt(nm[0]);
                int m = Integer.parseInt(nm[1]);
                Thread[] ts = new Thread[n];
                for (int i = 0; i < n; i++) {
                    ts[i] = new Thread(() -> { for (int j = 0; j < m; j++) tm.getDeviceId(j); }, "worker-" + i);
                    ts[i].start();
                }
                for (Thread t : ts) t.join();
                return "joined";
            }
            case "exit":
                System.exit(0);
                return "";
            default:
                return "unknown " + cmd;
        }
    }
}
