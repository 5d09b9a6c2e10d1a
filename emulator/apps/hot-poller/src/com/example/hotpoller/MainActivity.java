package com.example.hotpoller;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import cn.jpush.android.api.JPushInterface;
import com.pimon.emulator.Ids;

/** Starts the push SDK only after 同意 (correct), but the SDK then polls far too often. */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("热点推送");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) {
            JPushInterface.init(getApplicationContext());
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("请阅读《隐私政策》。为向您推送附近的热点资讯，推送服务需要获取您的位置和设备标识。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    JPushInterface.init(getApplicationContext());
                    status.setText("推送已开启");
                })
                .setNegativeButton("不同意", (d, w) -> status.setText("推送未开启"))
                .show();
    }
}
