package com.example.trackersdk;

import android.app.Application;
import cn.jpush.android.api.JPushInterface;
import com.appsflyer.AppsFlyerLib;
import com.umeng.analytics.MobclickAgent;

/** Three SDKs started before the user saw the privacy dialog; each uploads identifiers at once. */
public class TrackerApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        MobclickAgent.init(this, "5f9a1b2c3d4e5f6a7b8c9d0e");
        AppsFlyerLib.getInstance().start(this, "kT9bQ2mXe4Lp");
        JPushInterface.init(this);
    }
}
