package com.growingio.android.sdk;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;
import com.growingio.android.sdk.pin.PinnedTrustManager;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Imitation of GrowingIO: its first visit event goes (through the device proxy, pinned) to a
 * collector on an Umeng host — a host owned by another vendor than the SDK that sends to it. */
public final class GrowingIO {
    private GrowingIO() {}

    public static void startWithConfiguration(Context context, String projectId) {
        String deviceId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        String json = "[{\"t\":\"vst\",\"ai\":\"" + projectId + "\",\"u\":\"" + deviceId + "\",\"tm\":"
                + System.currentTimeMillis() + "}]";
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new PinnedTrustManager()}, null);
            HttpsURLConnection c = (HttpsURLConnection) new URL("https://alog.umeng.com/growing/v3/" + projectId + "/pv").openConnection();
            c.setSSLSocketFactory(tls.getSocketFactory());
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            Log.i("growingio", "pv " + c.getResponseCode());
        } catch (Exception e) {
            Log.w("growingio", "upload failed: " + e);
        }
    }
}
