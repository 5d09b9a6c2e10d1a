package com.amap.api.location;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.util.Log;

/** Imitation of AMap's location client: one network fix. */
public class AMapLocationClient {
    private final Context context;

    public AMapLocationClient(Context context) {
        this.context = context;
    }

    public void startLocation() {
        try {
            LocationManager lm = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
            Location l = lm.getLastKnownLocation(LocationManager.NETWORK_PROVIDER);
            Log.i("amap", "fix " + (l != null));
        } catch (SecurityException e) {
            Log.w("amap", "no location permission");
        }
    }
}
