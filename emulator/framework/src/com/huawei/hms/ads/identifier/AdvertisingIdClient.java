package com.huawei.hms.ads.identifier;

import android.content.Context;
import com.pimon.emulator.Profile;
import java.io.IOException;

/** Huawei Ads Kit's OAID client; the OAID is the profile's {@code oaid}. */
public class AdvertisingIdClient {
    public AdvertisingIdClient() {}

    /** The OAID and the limit-ad-tracking flag. */
    public static final class Info {
        private final String advertisingId;
        private final boolean limitAdTrackingEnabled;

        public Info(String advertisingId, boolean limitAdTrackingEnabled) {
            this.advertisingId = advertisingId;
            this.limitAdTrackingEnabled = limitAdTrackingEnabled;
        }

        public String getId() {
            return advertisingId;
        }

        public boolean isLimitAdTrackingEnabled() {
            return limitAdTrackingEnabled;
        }
    }

    public static boolean isAdvertisingIdAvailable(Context context) {
        return true;
    }

    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        if (context == null) throw new IOException("context is null");
        return new Info(Profile.get().str("oaid"), false);
    }
}
