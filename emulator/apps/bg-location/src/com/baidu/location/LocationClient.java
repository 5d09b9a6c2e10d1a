package com.baidu.location;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.net.wifi.WifiManager;
import android.os.Bundle;
import android.telephony.CellLocation;
import android.telephony.PhoneStateListener;
import android.telephony.TelephonyManager;

/** A location SDK client: start() registers for a fix every second and keeps the latest one, and for the serving
 * cell and Wi-Fi scan results. */
public class LocationClient {
    private final LocationManager lm;
    private volatile Location last;
    private final LocationListener listener = new LocationListener() {
        @Override
        public void onLocationChanged(Location location) {
            last = location;
        }

        @Override
        public void onStatusChanged(String provider, int status, Bundle extras) {}

        @Override
        public void onProviderEnabled(String provider) {}

        @Override
        public void onProviderDisabled(String provider) {}
    };

    /** Cell towers and Wi-Fi scans locate the device too: a cell listener and a scan-results receiver. */
    private final PhoneStateListener cells = new PhoneStateListener() {
        @Override
        public void onCellLocationChanged(CellLocation location) {
            cell = location;
        }
    };
    private final BroadcastReceiver scans = new BroadcastReceiver() {
        @Override
        public void onReceive(Context c, Intent intent) {
            scanned++;
        }
    };
    private final Context context;
    private final TelephonyManager tm;
    private final WifiManager wifi;
    private volatile CellLocation cell;
    private volatile int scanned;

    public LocationClient(Context context) {
        this.context = context;
        lm = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        wifi = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
    }

    public void start() {
        lm.requestLocationUpdates(LocationManager.GPS_PROVIDER, 1000L, 0f, listener);
        tm.listen(cells, PhoneStateListener.LISTEN_CELL_LOCATION);
        context.registerReceiver(scans, new IntentFilter(WifiManager.SCAN_RESULTS_AVAILABLE_ACTION));
        wifi.startScan();
    }

    public Location getLastKnownLocation() {
        return last;
    }
}
