package com.example.nopersonalisation;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** 我的: the user's page, with 设置. */
public class MeActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView name = new TextView(this);
        name.setText("未登录");
        root.addView(name);
        Button history = new Button(this);
        history.setText("浏览历史");
        root.addView(history);
        Button settings = new Button(this);
        settings.setId(Ids.id("btn_settings"));
        settings.setText("设置");
        settings.setOnClickListener(v -> startActivity(new Intent(this, SettingsActivity.class)));
        root.addView(settings);
        setContentView(root);
    }
}
