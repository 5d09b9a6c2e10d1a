package com.google.android.gms.ads.identifier;

import android.content.Context;
import android.os.Looper;
import com.google.android.gms.common.GooglePlayServicesNotAvailableException;
import com.google.android.gms.common.GooglePlayServicesRepairableException;
import com.pimon.emulator.Profile;
import java.io.IOException;

/** Google Play services' advertising-id client; the id is the profile's {@code gaid}. */
public class AdvertisingIdClient {
    private final Context context;

    public AdvertisingIdClient(Context context) {
        this.context = context;
    }

    /** The advertising id and the user's limit-ad-tracking choice. */
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

        @Override
        public String toString() {
            return "{" + advertisingId + "}" + limitAdTrackingEnabled;
        }
    }

    /** Blocking; like Google's, refuses to run on the main thread. */
    public static Info getAdvertisingIdInfo(Context context)
            throws IOException, IllegalStateException, GooglePlayServicesNotAvailableException, GooglePlayServicesRepairableException {
        if (Looper.myLooper() != null && Looper.myLooper() == Looper.getMainLooper()) {
            throw new IllegalStateException("Calling this from your main thread can lead to deadlock");
        }
        return new Info(Profile.get().str("gaid"), false);
    }

    public void start() throws IOException, IllegalStateException, GooglePlayServicesNotAvailableException, GooglePlayServicesRepairableException {}

    public Info getInfo() throws IOException {
        return new Info(Profile.get().str("gaid"), false);
    }

    public void finish() {}
}
