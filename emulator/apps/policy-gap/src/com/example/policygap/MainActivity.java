package com.example.policygap;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Intent;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.igexin.sdk.PushManager;
import com.pimon.emulator.Ids;
import com.umeng.analytics.MobclickAgent;

/** Privacy dialog first; after 同意 the analytics and push SDKs start; 设置 > 隐私政策 opens the policy. */
public class MainActivity extends Activity {
    private TextView status;

    private SharedPreferences prefs() {
        return getSharedPreferences("privacy", MODE_PRIVATE);
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("悦读");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        Button policy = new Button(this);
        policy.setId(Ids.id("btn_policy"));
        policy.setText("隐私政策");
        policy.setOnClickListener(v -> startActivity(new Intent(this, PolicyActivity.class)));
        root.addView(policy);
        setContentView(root);
        if (prefs().getBoolean("agreed", false)) {
            startSdks();
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("欢迎使用悦读！请您阅读并同意《隐私政策》，我们会在您同意后使用友盟+进行阅读统计。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs().edit().putBoolean("agreed", true).apply();
                    startSdks();
                })
                .setNegativeButton("不同意", (d, w) -> status.setText("您可以随时在设置中查看隐私政策"))
                .show();
    }

    private void startSdks() {
        MobclickAgent.init(this, "60a1b2c3d4e5f6a7b8c9d0e1");
        PushManager.getInstance().initialize(this);
        status.setText("欢迎");
    }
}
