package com.example.nopersonalisation;

import android.app.Activity;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.Switch;
import android.widget.TextView;

/** 设置: notifications, cache, about — and no way to turn personalised recommendations off. */
public class SettingsActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setText("设置");
        root.addView(title);
        Switch push = new Switch(this);
        push.setText("消息通知");
        push.setChecked(true);
        root.addView(push);
        Button cache = new Button(this);
        cache.setText("清除缓存");
        root.addView(cache);
        Button about = new Button(this);
        about.setText("关于我们");
        root.addView(about);
        setContentView(root);
    }
}
