package com.example.reconsent;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;
import com.bytedance.sdk.openadsdk.TTAdSdk;
import com.umeng.analytics.MobclickAgent;

/** 轻记 1.1: as 1.0, plus Pangle ads started with Umeng — and the 1.0 consent taken as consent to the new policy. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("轻记 1.1");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) {  // agreed to 1.0's policy: not asked again
            MobclickAgent.init(this, "62b0c0ffee0000000000aaaa");
            TTAdSdk.init(this, "5220001");
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("欢迎使用轻记！请阅读《隐私政策》，我们会使用友盟+进行统计分析。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    MobclickAgent.init(this, "62b0c0ffee0000000000aaaa");
                    TTAdSdk.init(this, "5220001");
                })
                .setNegativeButton("不同意", (d, w) -> title.setText("轻记（基础模式）"))
                .show();
    }
}
