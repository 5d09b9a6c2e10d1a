package com.example.reconsent;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;
import com.umeng.analytics.MobclickAgent;

/** 轻记 1.0: privacy dialog; Umeng starts after 同意 (and at every later start). */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("轻记 1.0");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) {
            MobclickAgent.init(this, "62b0c0ffee0000000000aaaa");
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("欢迎使用轻记！请阅读《隐私政策》，我们会使用友盟+进行统计分析。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    MobclickAgent.init(this, "62b0c0ffee0000000000aaaa");
                })
                .setNegativeButton("不同意", (d, w) -> title.setText("轻记（基础模式）"))
                .show();
    }
}
