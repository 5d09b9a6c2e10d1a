package com.example.pinnedsdk;

import android.app.Application;
import com.baidu.location.LocationClient;
import com.growingio.android.sdk.GrowingIO;

/** Both SDKs start before the user saw the privacy dialog. */
public class PinnedApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        new LocationClient(this).start();
        GrowingIO.startWithConfiguration(this, "a1b2c3d4e5f60718");
    }
}
