package com.pimon.emulator;

import android.content.pm.ActivityInfo;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.Signature;
import android.content.pm.PackageManager;
import android.content.pm.ServiceInfo;
import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** The device's installed packages: system apps, the profile's {@code packages}, DEVICE_DIR/apps/*.jar. */
public final class InstalledPackages {
    /** A declared component: class name and intent-filter actions/categories. */
    public static final class Comp {
        public final String className;
        public final List<String> actions;
        public final List<String> categories;

        Comp(String className, List<String> actions, List<String> categories) {
            this.className = className;
            this.actions = actions;
            this.categories = categories;
        }

        static List<Comp> of(List<Manifest.Component> list) {
            List<Comp> out = new ArrayList<>();
            for (Manifest.Component c : list) out.add(new Comp(c.className, c.actions, c.categories));
            return out;
        }
    }

    /** One installed package. */
    public static final class Pkg {
        public final String name;
        public final String label;
        public final String versionName;
        public final int versionCode;
        public final boolean system;
        public final List<Comp> activities = new ArrayList<>();
        public final List<Comp> services = new ArrayList<>();
        public final List<Comp> receivers = new ArrayList<>();
        public final List<String> permissions = new ArrayList<>();
        public final java.util.Map<String, String> metaData = new java.util.LinkedHashMap<>();

        Pkg(String name, String label, String versionName, int versionCode, boolean system) {
            this.name = name;
            this.label = label;
            this.versionName = versionName;
            this.versionCode = versionCode;
            this.system = system;
        }
    }

    private static Map<String, Pkg> all;

    private InstalledPackages() {}

    public static synchronized Map<String, Pkg> all() {
        if (all != null) return all;
        Map<String, Pkg> m = new LinkedHashMap<>();
        String[][] system = {
            {"android", "Android System"}, {"com.android.settings", "设置"}, {"com.android.phone", "电话服务"},
            {"com.android.systemui", "系统界面"}, {"com.android.permissioncontroller", "权限控制器"},
            {"com.android.providers.contacts", "联系人存储"}, {"com.google.android.gms", "Google Play services"},
        };
        for (String[] s : system) {
            Pkg p = new Pkg(s[0], s[1], "13", 33, true);
            m.put(p.name, p);
        }
        for (String[] r : Profile.get().records("packages")) {
            String name = Profile.field(r, 0, "");
            if (name.isEmpty()) continue;
            int code;
            try {
                code = Integer.parseInt(Profile.field(r, 3, "1"));
            } catch (NumberFormatException e) {
                code = 1;
            }
            Pkg p = new Pkg(name, Profile.field(r, 1, name), Profile.field(r, 2, "1.0"), code, false);
            p.activities.add(new Comp(name + ".MainActivity",
                    List.of("android.intent.action.MAIN"), List.of("android.intent.category.LAUNCHER")));
            m.put(name, p);
        }
        File[] jars = new File(DeviceState.dir(), "apps").listFiles((d, n) -> n.endsWith(".jar"));
        if (jars != null) {
            for (File jar : jars) {
                Manifest mf = manifest(jar);
                if (mf == null) continue;
                Pkg p = new Pkg(mf.packageName, mf.label == null ? mf.packageName : mf.label, "1.0", 1, false);
                p.activities.addAll(Comp.of(mf.activities));
                p.services.addAll(Comp.of(mf.services));
                p.receivers.addAll(Comp.of(mf.receivers));
                p.permissions.addAll(mf.permissions);
                p.metaData.putAll(mf.metaData);
                m.put(p.name, p);
            }
        }
        String self = DeviceState.packageName();
        if (self != null && !self.isEmpty() && !m.containsKey(self)) m.put(self, new Pkg(self, self, "1.0", 1, false));
        all = Collections.unmodifiableMap(m);
        return all;
    }

    private static Manifest manifest(File jar) {
        try (JarFile jf = new JarFile(jar)) {
            ZipEntry e = jf.getEntry("AndroidManifest.xml");
            if (e == null) return null;
            try (InputStream in = jf.getInputStream(e)) {
                return Manifest.parse(in, jar + "!/AndroidManifest.xml");
            }
        } catch (Exception e) {
            System.err.println("pimon: skipping " + jar + ": " + e.getMessage());
            return null;
        }
    }

    public static int uidOf(Pkg p) {
        if (p.system) return 1000;
        return 10000 + Math.floorMod(p.name.hashCode(), 9000);
    }

    public static ApplicationInfo appInfo(Pkg p) {
        ApplicationInfo ai = new ApplicationInfo();
        ai.packageName = p.name;
        ai.name = null;
        ai.nonLocalizedLabel = p.label;
        ai.processName = p.name;
        ai.uid = uidOf(p);
        ai.flags = ApplicationInfo.FLAG_INSTALLED | ApplicationInfo.FLAG_HAS_CODE | (p.system ? ApplicationInfo.FLAG_SYSTEM : 0);
        ai.sourceDir = p.system ? "/system/app/" + p.name + "/" + p.name + ".apk" : "/data/app/" + p.name + "-1/base.apk";
        ai.publicSourceDir = ai.sourceDir;
        ai.dataDir = "/data/user/0/" + p.name;
        ai.nativeLibraryDir = "/data/app/" + p.name + "-1/lib/arm64";
        if (!p.metaData.isEmpty()) ai.metaData = metaBundle(p.metaData);
        return ai;
    }

    /** Manifest meta-data as Android types it: integers, booleans, floats, else strings. */
    static android.os.Bundle metaBundle(java.util.Map<String, String> meta) {
        android.os.Bundle b = new android.os.Bundle();
        for (java.util.Map.Entry<String, String> e : meta.entrySet()) {
            String v = e.getValue();
            if (v.equals("true") || v.equals("false")) {
                b.putBoolean(e.getKey(), Boolean.parseBoolean(v));
            } else if (v.matches("-?\\d{1,9}")) {
                b.putInt(e.getKey(), Integer.parseInt(v));
            } else {
                b.putString(e.getKey(), v);
            }
        }
        return b;
    }

    public static ActivityInfo activityInfo(Pkg p, Comp c) {
        ActivityInfo a = new ActivityInfo();
        a.name = c.className;
        a.packageName = p.name;
        a.applicationInfo = appInfo(p);
        a.processName = p.name;
        a.exported = true;
        return a;
    }

    public static ServiceInfo serviceInfo(Pkg p, Comp c) {
        ServiceInfo s = new ServiceInfo();
        s.name = c.className;
        s.packageName = p.name;
        s.applicationInfo = appInfo(p);
        s.processName = p.name;
        s.exported = true;
        return s;
    }

    /** A stand-in signing certificate: SHA-256 of the device seed and the package (stable per device). */
    static Signature signature(Pkg p) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            String seed = Profile.get().str("seed");
            md.update(((seed == null ? "pimon" : seed) + "|signer|" + p.name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Signature(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PackageInfo packageInfo(Pkg p, int flags) {
        PackageInfo pi = new PackageInfo();
        pi.packageName = p.name;
        pi.versionName = p.versionName;
        pi.versionCode = p.versionCode;
        pi.applicationInfo = appInfo(p);
        pi.firstInstallTime = 1700000000000L + Math.floorMod(p.name.hashCode(), 1_000_000_000L);
        pi.lastUpdateTime = pi.firstInstallTime;
        if ((flags & PackageManager.GET_ACTIVITIES) != 0) {
            pi.activities = p.activities.stream().map(c -> activityInfo(p, c)).toArray(ActivityInfo[]::new);
        }
        if ((flags & PackageManager.GET_RECEIVERS) != 0) {
            pi.receivers = p.receivers.stream().map(c -> activityInfo(p, c)).toArray(ActivityInfo[]::new);
        }
        if ((flags & PackageManager.GET_SERVICES) != 0) {
            pi.services = p.services.stream().map(c -> serviceInfo(p, c)).toArray(ServiceInfo[]::new);
        }
        if ((flags & PackageManager.GET_PERMISSIONS) != 0) {
            pi.requestedPermissions = p.permissions.toArray(new String[0]);
        }
        if ((flags & PackageManager.GET_SIGNATURES) != 0) pi.signatures = new Signature[] {signature(p)};
        if ((flags & PackageManager.GET_SIGNING_CERTIFICATES) != 0) {
            try {
                java.lang.reflect.Constructor<android.content.pm.SigningInfo> c =
                        android.content.pm.SigningInfo.class.getDeclaredConstructor(Signature[].class);
                c.setAccessible(true);
                pi.signingInfo = c.newInstance((Object) new Signature[] {signature(p)});
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return pi;
    }
}
