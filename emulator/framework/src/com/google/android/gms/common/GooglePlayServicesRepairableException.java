package com.google.android.gms.common;

/** Google Play services needs an update or is disabled. */
public class GooglePlayServicesRepairableException extends Exception {
    private final int connectionStatusCode;

    public GooglePlayServicesRepairableException(int connectionStatusCode, String msg) {
        super(msg);
        this.connectionStatusCode = connectionStatusCode;
    }

    public int getConnectionStatusCode() {
        return connectionStatusCode;
    }
}
