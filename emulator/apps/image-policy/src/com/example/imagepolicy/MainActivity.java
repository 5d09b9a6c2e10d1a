package com.example.imagepolicy;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** A privacy dialog pointing at a policy made of pictures; nothing is collected. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("消消乐");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("请阅读《隐私政策》。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> prefs.edit().putBoolean("agreed", true).apply())
                .setNegativeButton("不同意", (d, w) -> title.setText("游客模式"))
                .show();
    }
}
