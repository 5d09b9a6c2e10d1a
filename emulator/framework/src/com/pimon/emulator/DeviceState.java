package com.pimon.emulator;

import java.io.File;

/** Where the running app's device lives: the device directory, the app's data dir and package. */
public final class DeviceState {
    private static volatile File deviceDir = new File(".");
    private static volatile String pkg = "";

    private DeviceState() {}

    /** Set once by the Zygote before anything else runs. */
    static void init(File dir, String packageName) {
        deviceDir = dir.getAbsoluteFile();
        pkg = packageName;
    }

    /** The device's state directory (profile.properties, settings/, ca/, apps/, data/). */
    public static File dir() {
        return deviceDir;
    }

    /** data/&lt;pkg&gt;/ of the running app (created on demand). */
    public static File appDataDir() {
        File d = new File(new File(deviceDir, "data"), pkg);
        d.mkdirs();
        return d;
    }

    /** The running app's package name. */
    public static String packageName() {
        return pkg;
    }

    /** The app's uid: stable per package, in the application range. */
    public static int uid() {
        return 10000 + Math.floorMod(pkg.hashCode(), 9000);
    }

    /** Ends the process (flushing what must be flushed) with this exit code. */
    public static void exit(int code) {
        // The app asked for its own end (Process.killProcess, System.exit): say so before dying, so the
        // driver can tell an app that quits (PI-7.3-FORCED-EXIT) from one that crashed.
        Control.event("process", "what", "exit-requested", "code", code);
        Control.release();
        Runtime.getRuntime().halt(code);
    }

    /** "the emulator's framework lacks X (needed by caller)" when the crash is a class or member the app needs
     * and this framework does not have (a linkage error, a class not found), else null. */
    static String frameworkGap(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (!(t instanceof LinkageError) && !(t instanceof ClassNotFoundException)) continue;
            String what = String.valueOf(t.getMessage());
            if (!what.matches("(?s).*\\b(android|androidx|com[./]google[./]android|com[./]android)[./].*")) continue;
            String caller = "?";
            for (StackTraceElement f : t.getStackTrace()) {
                String c = f.getClassName();
                if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("android.")
                        || c.startsWith("com.pimon.emulator.")) continue;
                caller = c + "." + f.getMethodName();
                break;
            }
            return "the emulator's framework lacks " + t.getClass().getSimpleName() + " " + what.replace('/', '.')
                    + " (needed by " + caller + ")";
        }
        return null;
    }

    /** Ends the process after an uncaught exception: a crash, not an exit the app asked for. The driver
     * gets the exception, the thread and the FATAL stack before the process dies (exit code 1). */
    public static void crash(String thread, Throwable ex, String stack) {
        String exception = ex.getClass().getName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        String gap = frameworkGap(ex);
        if (gap != null) exception += " [" + gap + "]";
        Control.event("process", "what", "crash", "crash_kind", "uncaught-exception", "thread", thread,
                "exception", exception, "stack", stack);
        if (Boolean.getBoolean("pimon.test.holdAfterCrash")) holdStopped();
        Runtime.getRuntime().halt(1);
    }

    /** A test hook (-Dpimon.test.holdAfterCrash=true, set only by pimon's tests): after its crash report the
     * process stops itself (SIGSTOP) instead of ending — the state Frida can leave a crashed process in, held
     * and never exiting, its agent silent. The driver must not wait for it forever: it kills it. */
    private static void holdStopped() {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        } catch (java.io.IOException | InterruptedException e) {
            // no kill(1): end as usual
        }
    }
}
