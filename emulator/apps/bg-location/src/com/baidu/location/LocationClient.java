package com.baidu.location;

import android.content.Context;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.os.Bundle;

/** A location SDK client: start() registers for a fix every second and keeps the latest one. */
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

    public LocationClient(Context context) {
        lm = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
    }

    public void start() {
        lm.requestLocationUpdates(LocationManager.GPS_PROVIDER, 1000L, 0f, listener);
    }

    public Location getLastKnownLocation() {
        return last;
    }
}
