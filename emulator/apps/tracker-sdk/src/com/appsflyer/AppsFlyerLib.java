package com.appsflyer;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Imitation of the AppsFlyer SDK: start() and logEvent() post the android_id, base64-encoded, over HTTPS. */
public class AppsFlyerLib {
    private static final AppsFlyerLib INSTANCE = new AppsFlyerLib();
    private String devKey;
    private String uid; // read once, kept: later events reuse it

    public static AppsFlyerLib getInstance() {
        return INSTANCE;
    }

    public void start(Context context, String devKey) {
        this.devKey = devKey;
        uid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        send(context, "launch");
    }

    public void logEvent(Context context, String event) {
        send(context, event);
    }

    private void send(Context context, String event) {
        String encoded = java.util.Base64.getEncoder().encodeToString(uid.getBytes(StandardCharsets.UTF_8));
        String json = "{\"devkey\":\"" + devKey + "\",\"eventName\":\"" + event + "\",\"af_v\":\"" + encoded
                + "\",\"platform\":\"Android\"}";
        try {
            URL url = new URL("https://t.appsflyer.com/api/v6.3/androidevent?buildnumber=6.3.2&app_id="
                    + context.getPackageName());
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            Log.i("AppsFlyer", event + " " + c.getResponseCode());
        } catch (Exception e) {
            Log.w("AppsFlyer", "send failed: " + e);
        }
    }
}
