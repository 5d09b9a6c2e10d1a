package com.pimon.services;

import android.accounts.Account;
import android.accounts.AccountManager;
import android.app.Activity;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.Intent;
import android.content.pm.PackageInfo;
import android.content.pm.ResolveInfo;
import android.database.Cursor;
import android.hardware.Sensor;
import android.hardware.SensorEvent;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.media.MediaDrm;
import android.net.ConnectivityManager;
import android.net.Uri;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import android.os.Build;
import android.os.Bundle;
import android.os.Looper;
import android.provider.ContactsContract;
import android.provider.Settings;
import android.provider.Telephony;
import android.telephony.SubscriptionManager;
import android.telephony.TelephonyManager;
import android.telephony.gsm.GsmCellLocation;
import android.util.Log;
import android.widget.Button;
import android.widget.LinearLayout;
import com.bun.miitmdid.core.MdidSdkHelper;
import com.pimon.emulator.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Reads each system service and logs {@code svc <key>=<value>} (or {@code !<Exception>}); the
 * "Grant" button asks for the dangerous permissions and then logs the guarded values as
 * {@code svc2 <key>=<value>}; location fixes arrive as {@code fix <n> <thread> <uptime>}.
 */
public class MainActivity extends Activity {
    private int fixes;

    private static void log(String tag, String key, Callable<Object> read) {
        String value;
        try {
            Object v = read.call();
            value = String.valueOf(v);
        } catch (Exception e) {
            value = "!" + e.getClass().getSimpleName();
        }
        Log.i("services", tag + " " + key + "=" + value);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02x", x & 0xff));
        return s.toString();
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        Button grant = new Button(this);
        grant.setId(Ids.id("btn_grant"));
        grant.setText("Grant");
        grant.setOnClickListener(v -> requestPermissions(new String[] {
            "android.permission.READ_PHONE_STATE", "android.permission.ACCESS_FINE_LOCATION",
            "android.permission.READ_CONTACTS", "android.permission.READ_SMS"}, 1));
        root.addView(grant);
        setContentView(root);
        basics();
    }

    private void basics() {
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        WifiManager wm = (WifiManager) getSystemService(Context.WIFI_SERVICE);
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        log("svc", "android_id", () -> Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID));
        log("svc", "adb_enabled", () -> Settings.Global.getInt(getContentResolver(), Settings.Global.ADB_ENABLED, -1));
        log("svc", "imei", () -> tm.getImei());
        log("svc", "device_id_1", () -> tm.getDeviceId(1));
        log("svc", "sim_operator", tm::getSimOperator);
        log("svc", "phone_count", tm::getActiveModemCount);
        log("svc", "serial", Build::getSerial);
        log("svc", "model", () -> Build.MODEL);
        log("svc", "build_serial_field", () -> Build.SERIAL);
        log("svc", "wifi_mac", () -> wm.getConnectionInfo().getMacAddress());
        log("svc", "wifi_ssid", () -> wm.getConnectionInfo().getSSID());
        log("svc", "wifi_ip", () -> {
            int ip = wm.getConnectionInfo().getIpAddress();
            return (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff);
        });
        log("svc", "scan_results", () -> wm.getScanResults().size());
        log("svc", "network_type", () -> ((ConnectivityManager) getSystemService(Context.CONNECTIVITY_SERVICE)).getActiveNetworkInfo().getTypeName());
        log("svc", "location", () -> lm.getLastKnownLocation(LocationManager.GPS_PROVIDER));
        log("svc", "contacts", () -> getContentResolver().query(ContactsContract.CommonDataKinds.Phone.CONTENT_URI, null, null, null, null));
        log("svc", "packages", () -> {
            List<String> names = new ArrayList<>();
            for (PackageInfo p : getPackageManager().getInstalledPackages(0)) names.add(p.packageName);
            return String.join(",", names);
        });
        log("svc", "pm_class", () -> getPackageManager().getClass().getName());
        log("svc", "launchers", () -> {
            Intent main = new Intent(Intent.ACTION_MAIN);
            main.addCategory(Intent.CATEGORY_LAUNCHER);
            List<String> names = new ArrayList<>();
            for (ResolveInfo r : getPackageManager().queryIntentActivities(main, 0)) names.add(r.activityInfo.packageName);
            return names.size() + ":" + names.contains("com.tencent.mm") + ":" + names.contains("com.pimon.services");
        });
        log("svc", "missing_package", () -> getPackageManager().getPackageInfo("no.such.app", 0));
        log("svc", "clipboard", () -> {
            ClipData c = ((ClipboardManager) getSystemService(Context.CLIPBOARD_SERVICE)).getPrimaryClip();
            return c.getItemAt(0).getText();
        });
        log("svc", "accounts", () -> {
            List<String> out = new ArrayList<>();
            for (Account a : AccountManager.get(this).getAccounts()) out.add(a.name + "|" + a.type);
            return String.join(";", out);
        });
        log("svc", "sensors", () -> ((SensorManager) getSystemService(Context.SENSOR_SERVICE)).getSensorList(Sensor.TYPE_ALL).size());
        log("svc", "widevine", () -> hex(new MediaDrm(new UUID(0xEDEF8BA979D64ACEL, 0xA3C827DCD51D21EDL))
                .getPropertyByteArray(MediaDrm.PROPERTY_DEVICE_UNIQUE_ID)));
        log("svc", "hms_oaid", () -> com.huawei.hms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(this).getId());
        log("svc", "gaid_main_thread", () -> com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(this).getId());
        log("svc", "uri", () -> {
            Uri u = Uri.parse("content://com.android.contacts/data/phones?limit=2#top");
            return u.getScheme() + "|" + u.getAuthority() + "|" + u.getPath() + "|" + u.getQueryParameter("limit") + "|"
                    + u.getFragment() + "|" + u.getLastPathSegment() + "|" + Uri.withAppendedPath(Telephony.Sms.CONTENT_URI, "inbox");
        });
        log("svc", "secure_write", () -> Settings.Secure.putString(getContentResolver(), "android_id", "x"));
        log("svc", "unknown_service", () -> getSystemService("no_such_service"));
        log("svc", "sms_send", () -> {
            android.telephony.SmsManager.getDefault().sendTextMessage("10086", null, "CXYE", null, null);
            return "sent";
        });
        log("svc", "running_tasks", () -> ((android.app.ActivityManager) getSystemService(Context.ACTIVITY_SERVICE))
                .getRunningTasks(5).get(0).topActivity.flattenToShortString());
        log("svc", "geocoder", () -> new android.location.Geocoder(this).getFromLocation(39.9, 116.4, 1).get(0).getAddressLine(0));
        log("svc", "sysprop_serial", () -> Class.forName("android.os.SystemProperties")
                .getMethod("get", String.class).invoke(null, "ro.serialno"));
        log("svc", "uicc", tm::getUiccCardsInfo);
        log("svc", "eid", () -> ((android.telephony.euicc.EuiccManager) getSystemService("euicc")).getEid());
        log("svc", "dpm_mac", () -> ((android.app.admin.DevicePolicyManager) getSystemService(Context.DEVICE_POLICY_SERVICE))
                .getWifiMacAddress(new android.content.ComponentName(this, MainActivity.class)));
        new Thread(() -> {
            log("svc", "gaid", () -> com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(this).getId());
            MdidSdkHelper.InitSdk(this, false, (ok, supplier) -> {
                log("svc", "msa_oaid", supplier::getOAID);
                Log.i("services", "svc done");
            });
        }, "worker").start();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        log("svc2", "imei", () -> tm.getImei());
        log("svc2", "imei_1", () -> tm.getImei(1));
        log("svc2", "imsi", tm::getSubscriberId);
        log("svc2", "iccid", tm::getSimSerialNumber);
        log("svc2", "line1", tm::getLine1Number);
        log("svc2", "serial", Build::getSerial);
        log("svc2", "cell", () -> {
            GsmCellLocation c = (GsmCellLocation) tm.getCellLocation();
            return c.getLac() + "/" + c.getCid();
        });
        log("svc2", "sub_iccid", () -> ((SubscriptionManager) getSystemService(Context.TELEPHONY_SUBSCRIPTION_SERVICE))
                .getActiveSubscriptionInfoList().get(0).getIccId());
        log("svc2", "hidden_imsi", () -> {
            java.lang.reflect.Method m = TelephonyManager.class.getDeclaredMethod("getSubscriberId", int.class);
            m.setAccessible(true);
            return m.invoke(tm, 1);
        });
        log("svc2", "wifi_ssid", () -> ((WifiManager) getSystemService(Context.WIFI_SERVICE)).getConnectionInfo().getSSID());
        log("svc2", "scan_results", () -> ((WifiManager) getSystemService(Context.WIFI_SERVICE)).getScanResults().size());
        log("svc2", "contacts", () -> {
            Cursor c = getContentResolver().query(ContactsContract.CommonDataKinds.Phone.CONTENT_URI,
                    new String[] {ContactsContract.CommonDataKinds.Phone.DISPLAY_NAME, ContactsContract.CommonDataKinds.Phone.NUMBER},
                    null, null, null);
            List<String> rows = new ArrayList<>();
            while (c.moveToNext()) rows.add(c.getString(0) + "|" + c.getString(1));
            c.close();
            return String.join(";", rows);
        });
        log("svc2", "sms", () -> {
            Cursor c = getContentResolver().query(Telephony.Sms.Inbox.CONTENT_URI, null, null, null, null);
            c.moveToFirst();
            return c.getCount() + "|" + c.getString(c.getColumnIndexOrThrow(Telephony.Sms.BODY));
        });
        log("svc2", "call_log", () -> getContentResolver().query(android.provider.CallLog.Calls.CONTENT_URI, null, null, null, null));
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        log("svc2", "location", () -> {
            Location l = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
            return l.getLatitude() + "," + l.getLongitude();
        });
        LocationListener listener = new LocationListener() {
            @Override
            public void onLocationChanged(Location location) {
                fixes++;
                Log.i("services", "fix " + fixes + " " + Thread.currentThread().getName() + " "
                        + (Looper.myLooper() == Looper.getMainLooper()) + " " + android.os.SystemClock.uptimeMillis());
                if (fixes == 3) lm.removeUpdates(this);
            }
        };
        lm.requestLocationUpdates(LocationManager.GPS_PROVIDER, 500L, 0f, listener);
        SensorManager sm = (SensorManager) getSystemService(Context.SENSOR_SERVICE);
        sm.registerListener(new SensorEventListener() {
            @Override
            public void onSensorChanged(SensorEvent event) {
                Log.i("services", "sensor " + event.sensor.getType() + " " + event.values[2]);
                sm.unregisterListener(this);
            }

            @Override
            public void onAccuracyChanged(Sensor sensor, int accuracy) {}
        }, sm.getDefaultSensor(Sensor.TYPE_ACCELEROMETER), SensorManager.SENSOR_DELAY_NORMAL);
    }
}
