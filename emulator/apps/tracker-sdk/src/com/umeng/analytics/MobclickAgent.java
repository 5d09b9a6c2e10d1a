package com.umeng.analytics;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Imitation of Umeng analytics: init uploads a session envelope, gzip-compressed JSON, over HTTPS. */
public class MobclickAgent {
    public static void init(Context context, String appkey) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        String json = "{\"header\":{\"appkey\":\"" + appkey + "\",\"device_id\":\"" + androidId
                + "\",\"os\":\"Android\",\"sdk_version\":\"9.6.3\"},\"body\":{\"launch\":[{\"ts\":"
                + System.currentTimeMillis() + "}]}}";
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(json.getBytes(StandardCharsets.UTF_8));
            }
            HttpURLConnection c = (HttpURLConnection) new URL("https://ulogs.umeng.com/unify_logs").openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Content-Encoding", "gzip");
            try (OutputStream out = c.getOutputStream()) {
                out.write(buf.toByteArray());
            }
            Log.i("umeng", "unify_logs " + c.getResponseCode());
        } catch (Exception e) {
            Log.w("umeng", "upload failed: " + e);
        }
    }
}
