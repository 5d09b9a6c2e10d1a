package com.example.trackersdk;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.provider.Settings;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.appsflyer.AppsFlyerLib;
import com.pimon.emulator.Ids;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** The privacy dialog (too late: the SDKs have uploaded already). Agreeing registers the device with
 * the app's own backend; refusing is reported to AppsFlyer (with the identifier, again). */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("追踪示例");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) {
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("欢迎使用！请您仔细阅读《隐私政策》。为了提供统计分析和消息推送服务，"
                        + "我们会使用友盟+和极光推送，它们会收集您的设备标识符。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    status.setText("欢迎");
                    register();
                })
                .setNegativeButton("不同意", (d, w) -> {
                    status.setText("您可以随时在设置中查看隐私政策");
                    AppsFlyerLib.getInstance().logEvent(this, "privacy_refused");
                })
                .show();
    }

    /** First party, after consent, over HTTPS: not a finding. */
    private void register() {
        String id = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("https://api.example.com/v1/devices").openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(("{\"device\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            Log.i("trackersdk", "register " + c.getResponseCode());
        } catch (Exception e) {
            Log.w("trackersdk", "register failed: " + e);
        }
    }
}
