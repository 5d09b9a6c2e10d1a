package com.example.sdkchain;

import android.app.Activity;
import android.content.Context;
import android.os.Bundle;
import android.telephony.TelephonyManager;
import android.util.Log;
import android.widget.TextView;
import com.example.sdkchain.analytics.Tracker;
import com.example.sdkchain.push.DeviceIdProvider;
import com.example.sdkchain.push.MyReceiver;
import com.pimon.emulator.Ids;

/** Makes each attribution case once, after the permission answers, then shows "chain done". */
public class MainActivity extends Activity {
    private TextView status;
    private boolean done;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        status.setText("asking");
        setContentView(status);
        requestPermissions(new String[] {"android.permission.READ_PHONE_STATE", "android.permission.READ_PHONE_NUMBERS",
            "android.permission.ACCESS_FINE_LOCATION", "android.permission.GET_ACCOUNTS"}, 1);
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (done) return;
        done = true;
        Context ctx = this;
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        try {
            // 1. the app itself
            Log.i("chain", "operator " + tm.getSimOperatorName());
            // 2. app -> Umeng -> Bugly, which reads: Bugly's call
            com.umeng.analytics.MobclickAgent.onEvent(ctx, "launch");
            // 3. an app class wrapping an SDK: the SDK's code reads, the SDK's call
            Tracker.start(ctx);
            // 4. an SDK calls back into the app, whose code reads: the app's call, chain app -> Getui
            com.igexin.sdk.PushManager.getInstance().initialize(ctx, new DeviceIdProvider(ctx));
            // 5. an app subclass of an SDK class; the inherited SDK method reads: the SDK's call
            new MyReceiver().onRegister(ctx);
            // 7. app -> Umeng -> Bugly -> app callback, which reads: the app's, chain app -> Bugly (first SDK)
            com.umeng.message.PushAgent.register(ctx, () -> Log.i("chain", "line1 " + tm.getLine1Number()));
            // 8. an unknown third-party library
            net.example.util.DeviceUtil.accounts(ctx);
            // 9. obfuscated code: no recognisable package, the app's
            a.a.b.a(ctx);
        } catch (RuntimeException e) {
            Log.e("chain", "failed: " + e);
        }
        // 6. an SDK's own worker thread
        Thread worker = com.amap.api.location.AMapLocationClient.startLocation(ctx);
        new Thread(() -> {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runOnUiThread(() -> status.setText("chain done"));
        }, "chain-wait").start();
    }
}
