package com.pimon.emulator;

import android.os.Looper;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One app process: {@code Zygote --device-dir DIR --package PKG [--gate] [--boot] [--parent-pipe] [--control-port 0]}.
 * Prints {@code PIMON-CONTROL <port> <pid>}, waits for release when gated, then loads the app jar
 * with its own class loader, creates the Application and launches the main activity (or, with
 * --boot, delivers BOOT_COMPLETED), and loops on the main thread.
 */
public final class Zygote {
    private Zygote() {}

    private static void usage(String msg) {
        System.err.println("pimon emulator: " + msg);
        System.err.println("usage: Zygote --device-dir DIR --package PKG [--gate] [--boot] [--parent-pipe] [--control-port 0]");
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        String dir = null, pkg = null;
        boolean gate = false, boot = false, parentPipe = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device-dir": dir = i + 1 < args.length ? args[++i] : null; break;
                case "--package": pkg = i + 1 < args.length ? args[++i] : null; break;
                case "--gate": gate = true; break;
                case "--boot": boot = true; break;
                case "--parent-pipe": parentPipe = true; break;
                case "--control-port": i++; break;
                default: usage("unknown argument " + args[i]);
            }
        }
        if (dir == null || pkg == null) usage("--device-dir and --package are required");
        File deviceDir = new File(dir);
        File jar = new File(new File(deviceDir, "apps"), pkg + ".jar");
        if (!jar.isFile()) {
            System.err.println("pimon emulator: package " + pkg + " is not installed (no " + jar + ")");
            System.exit(2);
        }
        Manifest manifest;
        try (ZipFile z = new ZipFile(jar)) {
            ZipEntry e = z.getEntry("AndroidManifest.xml");
            if (e == null) throw new IllegalArgumentException(jar + ": no AndroidManifest.xml at the root");
            try (InputStream in = z.getInputStream(e)) {
                manifest = Manifest.parse(in, jar + "!/AndroidManifest.xml");
            }
        }
        DeviceState.init(deviceDir, pkg);
        Permissions.setDeclared(manifest.permissions);
        applyHostsFile(deviceDir);
        final String app = pkg;
        Thread.setDefaultUncaughtExceptionHandler((t, ex) -> fatal(t, ex, app));
        // An app process does not outlive the driver that started it (no orphan JVMs after a crash of pimon).
        // --parent-pipe: the driver holds our stdin's write end and never writes; its end (even SIGKILL) is EOF here.
        // A thread blocked in read(). Not ProcessHandle.parent().onExit(): for a process that is not our child, its
        // reaper polls /proc/<pid>/stat with fopen() all the time, and an agent patching open64 while that thread is
        // in its first instructions sends it into the middle of one (SIGSEGV in __open64, seen in a test run).
        if (parentPipe) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) { /* the driver never writes */ }
                } catch (java.io.IOException e) {
                    // a broken stdin is an ended driver too
                }
                DeviceState.exit(0);
            }, "pimon-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        } else {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> DeviceState.exit(0)));
        }
        Looper.prepareMainLooper();
        Control.loadSecret(deviceDir);
        int port = Control.start(gate);
        System.out.println("PIMON-CONTROL " + port + " " + ProcessHandle.current().pid());
        System.out.flush();
        Control.awaitRelease();
        // Read at release, not at spawn: pimon starts its proxy while the gated process is attached and hooked,
        // and points the device at it before releasing (monitor/run.py, proxy_read_at_release).
        applyDeviceSettings(deviceDir);

        ClassLoader appLoader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, Zygote.class.getClassLoader());
        Constructor<?> c = Class.forName("android.app.ActivityThread").getDeclaredConstructor();
        c.setAccessible(true);
        AppRuntime rt = new AppRuntime(manifest, appLoader, (AppBridge) c.newInstance());
        Thread.currentThread().setContextClassLoader(appLoader);
        try {
            rt.bindApplication();
            if (boot) rt.deliverBoot();
            else rt.launchMain(true);
            Looper.loop();
        } catch (Throwable t) {
            fatal(Thread.currentThread(), t, pkg);
        }
    }

    /** The device's hosts file (Android's /system/etc/hosts): when present, names resolve from it alone (a test
     * maps an SDK's host to a server on 127.0.0.1; nothing is looked up off the machine). Set before the control
     * channel's socket: the JVM reads it once, when the first network class needs a name service. */
    static void applyHostsFile(File deviceDir) {
        File hosts = new File(deviceDir, "etc/hosts");
        if (hosts.isFile()) System.setProperty("jdk.net.hosts.file", hosts.getAbsolutePath());
    }

    /** Global proxy and trusted CAs of the device, as JVM system properties (read by the JVM at each connection
     * and at the first TLS context: nothing has used them before the app's code runs). */
    static void applyDeviceSettings(File deviceDir) {
        Properties global = new Properties();
        File f = new File(deviceDir, "settings/global.properties");
        if (f.isFile()) {
            try (InputStream in = new FileInputStream(f)) {
                global.load(in);
            } catch (IOException e) {
                System.err.println("W/pimon: cannot read " + f + ": " + e.getMessage());
            }
        }
        String proxy = global.getProperty("http_proxy", "").trim();
        int colon = proxy.lastIndexOf(':');
        if (colon > 0 && !proxy.startsWith(":")) {
            String host = proxy.substring(0, colon);
            String port = proxy.substring(colon + 1);
            System.setProperty("http.proxyHost", host);
            System.setProperty("http.proxyPort", port);
            System.setProperty("https.proxyHost", host);
            System.setProperty("https.proxyPort", port);
        }
        File trust = new File(deviceDir, "ca/truststore.jks");
        if (trust.isFile()) {
            System.setProperty("javax.net.ssl.trustStore", trust.getAbsolutePath());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            System.setProperty("javax.net.ssl.trustStoreType", "JKS");
        }
    }

    private static void fatal(Thread t, Throwable ex, String pkg) {
        System.out.flush();
        java.io.StringWriter text = new java.io.StringWriter();
        ex.printStackTrace(new java.io.PrintWriter(text, true));
        String stack = text.toString();
        System.err.println("FATAL EXCEPTION: " + t.getName());
        System.err.println("Process: " + pkg + ", PID: " + ProcessHandle.current().pid());
        System.err.print(stack);
        System.err.flush();
        DeviceState.crash(t.getName(), ex, stack.length() > 16000 ? stack.substring(0, 16000) : stack);
    }
}
