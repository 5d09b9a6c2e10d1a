package com.example.eagersdk;

import android.app.Application;
import com.umeng.commonsdk.UMConfigure;
import com.umeng.commonsdk.utils.UMUtils;

/** The common mistake: the analytics SDK is initialised before the user saw the privacy dialog. */
public class EagerApp extends Application {
    static {
        UMUtils.preload(); // runs UMUtils' static initialiser, which reads the serial number
    }

    @Override
    public void onCreate() {
        super.onCreate();
        UMConfigure.init(this, "5f1e2d3c4b5a69788796a5b4", "xiaomi", UMConfigure.DEVICE_TYPE_PHONE, null);
    }
}
