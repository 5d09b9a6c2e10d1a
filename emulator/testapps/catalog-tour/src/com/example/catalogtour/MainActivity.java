package com.example.catalogtour;

import android.app.Activity;
import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.net.ConnectivityManager;
import android.os.Bundle;
import android.provider.CalendarContract;
import android.provider.ContactsContract;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/**
 * Asks for every dangerous permission the tour needs, then (granted or not) visits each catalog
 * category once from a known owner and shows "tour done". The app's own calls are here; the SDK
 * imitations make the rest (see tests/e2e/test_catalog_coverage.py for who calls what).
 */
public class MainActivity extends Activity {
    static final String[] PERMISSIONS = {
        "android.permission.READ_PHONE_STATE", "android.permission.READ_PHONE_NUMBERS",
        "android.permission.ACCESS_FINE_LOCATION", "android.permission.READ_CONTACTS",
        "android.permission.READ_SMS", "android.permission.READ_CALL_LOG", "android.permission.READ_CALENDAR",
        "android.permission.READ_MEDIA_IMAGES", "android.permission.GET_ACCOUNTS", "android.permission.CAMERA",
        "android.permission.RECORD_AUDIO", "android.permission.BLUETOOTH_CONNECT"};

    private TextView status;
    private boolean toured;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        status.setText("asking");
        setContentView(status);
        requestPermissions(PERMISSIONS, 7); // category permission, caller app
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (toured) return;
        toured = true;
        status.setText("touring");
        Context ctx = this;
        // the app's own calls
        Safe.call("contacts", () -> getContentResolver().query(ContactsContract.Contacts.CONTENT_URI, null, null, null, null));
        Safe.call("calendar", () -> getContentResolver().query(CalendarContract.Events.CONTENT_URI, null, null, null, null));
        Safe.call("network-state", () -> ((ConnectivityManager) getSystemService(Context.CONNECTIVITY_SERVICE)).getActiveNetworkInfo());
        Safe.call("ipc", () -> registerReceiver(new BroadcastReceiver() {
            @Override
            public void onReceive(Context context, Intent intent) {}
        }, new IntentFilter("com.example.catalogtour.PING")));
        AppExtras.collect(this);
        // the SDKs'
        com.umeng.commonsdk.statistics.UMDeviceInfo.collect(ctx);
        com.igexin.push.core.PhoneInfo.collect(ctx);
        com.amap.api.location.LocTour.collect(ctx);
        cn.jpush.android.helper.NetInfo.collect(ctx);
        com.tencent.bugly.crashreport.ShellProbe.collect(ctx);
        com.sensorsdata.analytics.android.sdk.SensorsCollector.collect(ctx);
        com.qq.e.comm.managers.GDTInstalledApps.collect(ctx);
        com.bytedance.sdk.openadsdk.TTMedia.collect(ctx);
        com.growingio.android.sdk.GrowingProviders.collect(ctx);
        // advertising ids need a worker thread (Google's client refuses the main thread)
        Thread worker = new Thread(() -> {
            com.appsflyer.internal.AFAdId.collect(ctx);
            runOnUiThread(() -> status.setText("tour done"));
        }, "tour-worker");
        worker.start();
    }
}
