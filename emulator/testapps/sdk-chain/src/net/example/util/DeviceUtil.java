package net.example.util;

import android.accounts.AccountManager;
import android.content.Context;

/** A third-party library that is in no SDK database. */
public final class DeviceUtil {
    private DeviceUtil() {}

    public static void accounts(Context ctx) {
        android.util.Log.i("chain", "accounts " + AccountManager.get(ctx).getAccounts().length);
    }
}
