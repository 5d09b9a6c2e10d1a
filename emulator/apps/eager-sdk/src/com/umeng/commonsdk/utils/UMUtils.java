package com.umeng.commonsdk.utils;

import android.os.Build;

/** Reads the hardware serial in its static initialiser (before any consent is possible). */
public class UMUtils {
    public static final String SERIAL;

    static {
        String serial;
        try {
            serial = Build.getSerial();
        } catch (SecurityException e) {
            serial = Build.SERIAL;
        }
        SERIAL = serial;
    }

    public static void preload() {}
}
