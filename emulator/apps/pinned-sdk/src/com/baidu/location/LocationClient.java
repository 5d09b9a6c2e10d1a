package com.baidu.location;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;
import com.baidu.location.b.a;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Imitation of the Baidu location SDK: start() reports the device to the Maps API host, directly
 * (Proxy.NO_PROXY: the device's proxy is ignored) and with its own certificate pin. */
public class LocationClient {
    private final Context context;

    public LocationClient(Context context) {
        this.context = context;
    }

    public void start() {
        String server = Settings.Global.getString(context.getContentResolver(), "baidu_location_server");
        if (server == null || server.isEmpty()) {
            Log.w("baidu-loc", "no location server configured");
            return;
        }
        String cuid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        String json = "{\"prod\":\"bdloc\",\"cuid\":\"" + cuid + "\",\"coor\":\"bd09ll\",\"sdk\":\"9.3.7\"}";
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new a()}, null);
            HttpsURLConnection c = (HttpsURLConnection) new URL(server + "/location/v1/report?ak=Xk9b").openConnection(Proxy.NO_PROXY);
            c.setSSLSocketFactory(tls.getSocketFactory());
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            Log.i("baidu-loc", "report " + c.getResponseCode());
        } catch (Exception e) {
            Log.w("baidu-loc", "report failed: " + e);
        }
    }
}
