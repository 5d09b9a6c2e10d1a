package com.pimon.emulator;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * View ids and their resource names for the UI dump ("pkg:id/name").
 *
 * <p>Apps name their views either with {@link #id(String)} or, like real apps, with their own
 * {@code <pkg>.R.id} class of int constants, which the dump reads by reflection.
 */
public final class Ids {
    private static final AtomicInteger NEXT_APP = new AtomicInteger(0x7f0a0000);
    private static final AtomicInteger NEXT_GENERATED = new AtomicInteger(1);
    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<Integer, String> FRAMEWORK = new HashMap<>();
    private static volatile Map<Integer, String> appR;

    static {
        for (Field f : android.R.id.class.getFields()) {
            try {
                FRAMEWORK.put(f.getInt(null), f.getName());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Ids() {}

    /** A stable id for a view name of the running app; the dump shows it as "pkg:id/name". */
    public static synchronized int id(String name) {
        Integer known = BY_NAME.get(name);
        if (known != null) return known;
        int id = NEXT_APP.getAndIncrement();
        BY_NAME.put(name, id);
        NAMES.put(id, name);
        return id;
    }

    /** An id shown as "pkg:id/name" whatever app runs (system windows such as the permission dialog). */
    public static synchronized int systemId(String pkg, String name) {
        String full = pkg + ":id/" + name;
        Integer known = BY_NAME.get(full);
        if (known != null) return known;
        int id = NEXT_APP.getAndIncrement();
        BY_NAME.put(full, id);
        NAMES.put(id, full);
        return id;
    }

    /** View.generateViewId(): ids that never collide with resource ids. */
    public static int generate() {
        return NEXT_GENERATED.getAndIncrement();
    }

    /** The resource-id attribute of a view with this id: "android:id/x", "pkg:id/x" or "". */
    public static String resourceName(int id, String pkg) {
        if (id == -1) return "";
        String fw = FRAMEWORK.get(id);
        if (fw != null) return "android:id/" + fw;
        String name;
        synchronized (Ids.class) {
            name = NAMES.get(id);
        }
        if (name != null && name.contains(":id/")) return name;
        if (name == null) name = appRNames().get(id);
        return name == null ? "" : pkg + ":id/" + name;
    }

    private static Map<Integer, String> appRNames() {
        Map<Integer, String> m = appR;
        if (m != null) return m;
        m = new HashMap<>();
        ClassLoader loader = AppRuntime.appClassLoader();
        if (loader != null) {
            try {
                Class<?> r = Class.forName(DeviceState.packageName() + ".R$id", true, loader);
                for (Field f : r.getFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) m.put(f.getInt(null), f.getName());
                }
            } catch (ClassNotFoundException | IllegalAccessException | LinkageError e) {
                // the app has no R class
            }
            appR = m;
        }
        return m;
    }
}
