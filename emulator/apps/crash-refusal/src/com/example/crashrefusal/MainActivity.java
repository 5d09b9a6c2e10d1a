package com.example.crashrefusal;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** 同意 reads the android_id (consented); 不同意 dereferences a view that was never created and crashes. */
public class MainActivity extends Activity {
    private TextView limitedBanner; // never set: the bug

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("拒绝崩溃示例");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("个人信息保护指引")
                .setMessage("请您务必审慎阅读《用户协议》和《隐私政策》。我们需要收集您的设备信息。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
                })
                .setNegativeButton("不同意", (d, w) -> limitedBanner.setText("仅浏览模式"))
                .show();
    }
}
