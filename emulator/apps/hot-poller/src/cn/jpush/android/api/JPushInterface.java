package cn.jpush.android.api;

import android.content.Context;
import cn.jpush.android.service.DataCollector;

/** Imitation of the JPush entry point. */
public class JPushInterface {
    private static boolean started;

    public static synchronized void init(Context context) {
        if (started) return;
        started = true;
        DataCollector.start(context);
    }
}
