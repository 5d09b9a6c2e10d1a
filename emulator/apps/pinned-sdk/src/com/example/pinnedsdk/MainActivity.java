package com.example.pinnedsdk;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** Shows the privacy dialog (too late: both SDKs have already uploaded) and remembers the answer. */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("钉证书示例");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (!prefs.getBoolean("agreed", false)) {
            new AlertDialog.Builder(this)
                    .setTitle("个人信息保护指引")
                    .setMessage("感谢您的信任！请您务必审慎阅读、充分理解《用户协议》和《隐私政策》各条款，"
                            + "包括但不限于：为了向您提供定位与统计服务，我们需要收集您的设备信息。")
                    .setCancelable(false)
                    .setPositiveButton("同意", (d, w) -> {
                        prefs.edit().putBoolean("agreed", true).apply();
                        status.setText("欢迎");
                    })
                    .setNegativeButton("不同意", (d, w) -> status.setText("您可以随时在设置中查看隐私政策"))
                    .show();
        }
    }
}
