package android.app.admin;

import android.content.ComponentName;
import android.content.Context;

/** Device administration. Apps are never the device owner here, so owner-only calls throw. */
public class DevicePolicyManager {
    public static final String ACTION_ADD_DEVICE_ADMIN = "android.app.action.ADD_DEVICE_ADMIN";
    public static final String EXTRA_DEVICE_ADMIN = "android.app.extra.DEVICE_ADMIN";

    DevicePolicyManager(Context context) {}

    /** Device-owner only, as on Android. */
    public String getWifiMacAddress(ComponentName admin) {
        throw new SecurityException("Admin " + admin + " does not own the device");
    }

    public boolean isAdminActive(ComponentName admin) {
        return false;
    }

    public boolean isDeviceOwnerApp(String packageName) {
        return false;
    }

    public boolean isProfileOwnerApp(String packageName) {
        return false;
    }
}
