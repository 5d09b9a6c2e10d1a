package cn.jpush.android.api;

import android.content.Context;
import android.net.wifi.WifiManager;
import android.util.Log;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Imitation of JPush: init reports the MD5 of the Wi-Fi MAC as a form, over plain HTTP. */
public class JPushInterface {
    public static void init(Context context) {
        WifiManager wifi = (WifiManager) context.getSystemService(Context.WIFI_SERVICE);
        String mac = wifi.getConnectionInfo().getMacAddress();
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(mac.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            String form = "platform=a&sdk_ver=4.8.5&mac_md5=" + hex + "&channel=developer-default";
            HttpURLConnection c = (HttpURLConnection) new URL("http://stats.jiguang.cn/v1/report").openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = c.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
            Log.i("JPush", "report " + c.getResponseCode());
        } catch (Exception e) {
            Log.w("JPush", "report failed: " + e);
        }
    }
}
