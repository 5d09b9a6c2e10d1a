package com.amap.api.location;

import android.content.Context;
import android.location.LocationManager;
import android.net.wifi.WifiManager;
import android.telephony.TelephonyManager;
import com.example.catalogtour.Safe;

/** AMap imitation: location, cell towers and Wi-Fi scans (category location). */
public final class LocTour {
    private LocTour() {}

    public static void collect(Context ctx) {
        LocationManager lm = (LocationManager) ctx.getSystemService(Context.LOCATION_SERVICE);
        TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
        WifiManager wm = (WifiManager) ctx.getSystemService(Context.WIFI_SERVICE);
        Safe.call("last_location", () -> lm.getLastKnownLocation(LocationManager.GPS_PROVIDER));
        Safe.call("cell", () -> tm.getCellLocation());
        Safe.call("wifi_scan", () -> wm.getScanResults());
    }
}
