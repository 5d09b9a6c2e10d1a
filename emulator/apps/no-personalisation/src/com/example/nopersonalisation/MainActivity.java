package com.example.nopersonalisation;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Intent;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.bytedance.sdk.openadsdk.TTAdSdk;
import com.pimon.emulator.Ids;

/** The feed: 推荐 (personalised), and 我的 leading to the settings. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("推荐");
        root.addView(title);
        TextView item = new TextView(this);
        item.setText("为你推荐：今日热点");
        root.addView(item);
        Button me = new Button(this);
        me.setId(Ids.id("tab_me"));
        me.setText("我的");
        me.setOnClickListener(v -> startActivity(new Intent(this, MeActivity.class)));
        root.addView(me);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) {
            TTAdSdk.init(this, "5001121");
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("个人信息保护指引")
                .setMessage("欢迎使用快看资讯！请阅读《隐私政策》。我们会根据您的阅读偏好为您推荐资讯。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    TTAdSdk.init(this, "5001121");
                })
                .setNegativeButton("不同意", (d, w) -> item.setText("热点（未个性化）"))
                .show();
    }
}
