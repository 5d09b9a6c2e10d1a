package cn.jpush.android.service;

import android.content.Context;
import android.location.LocationManager;

/** JPush imitation: a receiver base class apps extend; its own onRegister reads the location. */
public abstract class JPushMessageReceiver {
    public void onRegister(Context ctx) {
        LocationManager lm = (LocationManager) ctx.getSystemService(Context.LOCATION_SERVICE);
        android.util.Log.i("chain", "loc " + lm.getLastKnownLocation(LocationManager.NETWORK_PROVIDER));
    }

    public abstract void onMessage(String message);
}
