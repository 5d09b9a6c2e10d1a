package com.example.silentcleaner;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.net.Uri;
import android.os.Bundle;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.cootek.smartdialer.yellowpage.YellowPage;
import com.pimon.emulator.Ids;

/** 同意 -> the yellow-pages SDK writes a contact, and the app "cleans" the call log, unasked. */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("手机管家");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("欢迎使用手机管家，请阅读《隐私政策》。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    YellowPage.init(this);
                    cleanCallLog();
                })
                .setNegativeButton("不同意", (d, w) -> status.setText("仅使用基础清理功能"))
                .show();
    }

    private void cleanCallLog() {
        try {
            int n = getContentResolver().delete(Uri.parse("content://call_log/calls"), "duration < ?", new String[] {"3"});
            status.setText("已清理 " + n + " 条骚扰记录");
        } catch (SecurityException e) {
            Log.w("cleaner", "no call-log permission");
        }
    }
}
