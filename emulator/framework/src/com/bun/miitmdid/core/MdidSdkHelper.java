package com.bun.miitmdid.core;

import android.content.Context;
import com.bun.miitmdid.interfaces.IIdentifierListener;
import com.bun.miitmdid.interfaces.IdSupplier;
import com.pimon.emulator.Profile;

/**
 * The MSA OAID SDK entry point. {@code InitSdk} answers asynchronously (on a worker thread, as the
 * vendor SDK does) and returns {@link ErrorCode#INIT_ERROR_RESULT_DELAY}; ids come from the profile.
 */
public class MdidSdkHelper {
    public static final int SDK_VERSION_CODE = 20230919;

    public MdidSdkHelper() {}

    public static int InitSdk(Context context, boolean isLogOn, IIdentifierListener listener) {
        if (context == null || listener == null) return ErrorCode.INIT_HELPER_CALL_ERROR;
        Thread t = new Thread(() -> listener.OnSupport(true, new Supplier()), "msa-oaid");
        t.setDaemon(true);
        t.start();
        return ErrorCode.INIT_ERROR_RESULT_DELAY;
    }

    public static boolean InitCert(Context context, String cert) {
        return true;
    }

    /** The vendor supplier behind the interface. */
    static final class Supplier implements IdSupplier {
        @Override
        public boolean isSupported() {
            return true;
        }

        @Override
        public boolean isLimited() {
            return false;
        }

        @Override
        public String getOAID() {
            return Profile.get().str("oaid");
        }

        @Override
        public String getVAID() {
            return Profile.get().str("vaid");
        }

        @Override
        public String getAAID() {
            return Profile.get().str("aaid");
        }
    }
}
