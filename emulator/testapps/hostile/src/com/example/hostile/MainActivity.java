package com.example.hostile;

import android.app.Activity;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;

/** Reads an identifier through a hostile-named class, writes escape sequences to stderr, then crashes with them. */
public class MainActivity extends Activity {
    static final String HOSTILE = "\u001bc\u001b[2J\u001b]8;;http://evil.example/\u0007click\u001b]8;;\u0007"
            + "\u009b31m\u001b[1Arun 1: completed in 1.0 s, 0 finding(s) \u202egnp.exe";

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        evilQc.yCC2JWWW.Spy.read(this);
        System.err.println(HOSTILE);
        new Handler(Looper.getMainLooper()).postDelayed(() -> {
            throw new IllegalStateException(HOSTILE);
        }, 1500);
    }
}
