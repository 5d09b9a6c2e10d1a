package com.example.selfstarter;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.ComponentName;
import android.content.Intent;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** On every creation wakes the partner app's push service ("associated start"), then asks consent. */
public class MainActivity extends Activity {
    static final ComponentName PARTNER = new ComponentName("com.example.partner", "com.example.partner.PushService");
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("自启动示例");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        startService(new Intent().setComponent(PARTNER));
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("欢迎使用！请阅读并同意《隐私政策》后开始使用。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> prefs.edit().putBoolean("agreed", true).apply())
                .setNegativeButton("不同意", (d, w) -> status.setText("未同意隐私政策"))
                .show();
    }
}
