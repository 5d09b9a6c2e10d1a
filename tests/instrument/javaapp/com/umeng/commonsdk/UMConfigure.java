package com.umeng.commonsdk;

import android.telephony.TelephonyManager;

/** An SDK collecting in its static initialiser: the earliest a call can happen after the gate. */
public final class UMConfigure {
    public static final String IMEI;

    static {
        IMEI = new TelephonyManager("867530900000001").getDeviceId();
    }

    private UMConfigure() { }
}
