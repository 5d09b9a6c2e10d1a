package android.telephony.euicc;

import android.content.Context;

/** eSIM management. The emulated phone has a removable physical SIM and no eUICC. */
public class EuiccManager {
    public static final String ACTION_MANAGE_EMBEDDED_SUBSCRIPTIONS = "android.telephony.euicc.action.MANAGE_EMBEDDED_SUBSCRIPTIONS";

    EuiccManager(Context context) {}

    public boolean isEnabled() {
        return false;
    }

    /** The eUICC's EID; null when there is no enabled eUICC, as on Android. */
    public String getEid() {
        return null;
    }
}
