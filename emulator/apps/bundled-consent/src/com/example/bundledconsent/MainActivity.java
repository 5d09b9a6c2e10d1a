package com.example.bundledconsent;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** Take it or leave: 同意并继续 covers the service, personalised recommendations and marketing; 退出应用 closes. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("拼拼乐");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("用户协议与隐私政策")
                .setMessage("欢迎使用拼拼乐！点击“同意并继续”即表示您同意《用户协议》和《隐私政策》，"
                        + "同意我们收集您的设备信息以提供购物服务，并用于个性化推荐和营销推送。")
                .setCancelable(false)
                .setPositiveButton("同意并继续", (d, w) -> prefs.edit().putBoolean("agreed", true).apply())
                .setNegativeButton("退出应用", (d, w) -> finish())
                .show();
    }
}
