package com.example.preselected;

import android.app.Activity;
import android.app.Dialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** A custom-layout consent dialog with the agreement box checked in advance, then 同意 / 不同意. */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("默认勾选示例");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (!prefs.getBoolean("agreed", false)) showConsent(prefs);
    }

    private void showConsent(SharedPreferences prefs) {
        Dialog dialog = new Dialog(this);
        LinearLayout box = new LinearLayout(this);
        box.setOrientation(LinearLayout.VERTICAL);
        TextView heading = new TextView(this);
        heading.setId(Ids.id("dialog_title"));
        heading.setText("温馨提示");
        box.addView(heading);
        TextView body = new TextView(this);
        body.setId(Ids.id("dialog_body"));
        body.setText("感谢您使用本应用！我们将通过《隐私政策》向您说明我们如何收集、使用和保护您的个人信息。");
        box.addView(body);
        CheckBox agreeBox = new CheckBox(this);
        agreeBox.setId(Ids.id("cb_agree"));
        agreeBox.setText("我已阅读并同意《用户协议》和《隐私政策》");
        agreeBox.setChecked(true); // the violation: consent ticked by default
        box.addView(agreeBox);
        Button agree = new Button(this);
        agree.setId(Ids.id("btn_agree"));
        agree.setText("同意");
        agree.setOnClickListener(v -> {
            if (!agreeBox.isChecked()) {
                status.setText("请先勾选同意《隐私政策》");
                return;
            }
            prefs.edit().putBoolean("agreed", true).apply();
            dialog.dismiss();
            String id = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
            status.setText("欢迎 " + id.substring(0, 4));
        });
        box.addView(agree);
        Button refuse = new Button(this);
        refuse.setId(Ids.id("btn_refuse"));
        refuse.setText("不同意");
        refuse.setOnClickListener(v -> {
            dialog.dismiss();
            status.setText("仅浏览模式");
        });
        box.addView(refuse);
        dialog.setCancelable(false);
        dialog.setContentView(box);
        dialog.show();
    }
}
