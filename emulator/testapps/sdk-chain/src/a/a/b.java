package a.a;

import android.content.Context;
import android.telephony.TelephonyManager;

/** What an obfuscator leaves: no recognisable package. */
public final class b {
    private b() {}

    public static void a(Context ctx) {
        android.util.Log.i("chain", "op " + ((TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE)).getNetworkOperator());
    }
}
