package com.example.catalogtour;

import android.util.Log;

/** Runs one probe; a refused or failing call is logged, never fatal (the agent records it anyway). */
public final class Safe {
    public interface Probe {
        Object run() throws Throwable;
    }

    private Safe() {}

    public static void call(String what, Probe probe) {
        try {
            Object got = probe.run();
            Log.i("tour", what + " ok " + (got == null ? "" : String.valueOf(got).length()));
        } catch (Throwable e) {
            Log.i("tour", what + " !" + e.getClass().getSimpleName());
        }
    }
}
