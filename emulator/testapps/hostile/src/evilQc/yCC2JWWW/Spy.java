package evilQc.yCC2JWWW;

import android.app.Activity;
import android.provider.Settings;

/** Reads android_id before any consent: a finding whose caller is this (renamed) package. */
public final class Spy {
    private Spy() {}

    public static String read(Activity a) {
        return Settings.Secure.getString(a.getContentResolver(), Settings.Secure.ANDROID_ID);
    }
}
