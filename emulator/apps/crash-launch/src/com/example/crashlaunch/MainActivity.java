package com.example.crashlaunch;

import android.app.Activity;
import android.os.Bundle;

/** Crashes before it shows its privacy dialog: a configuration it expects is missing. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        String channel = System.getProperty("com.example.crashlaunch.channel");
        if (channel == null) throw new IllegalStateException("channel not configured");
    }
}
