package com.pimon.probe;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.util.Log;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;

public class SecondActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        Log.i("probe", "second:onCreate");
        ScrollView scroll = new ScrollView(this);
        LinearLayout column = new LinearLayout(this);
        column.setOrientation(LinearLayout.VERTICAL);
        TextView t = new TextView(this);
        t.setText("Second screen");
        column.addView(t);
        Button done = new Button(this);
        done.setText("Done");
        done.setOnClickListener(v -> {
            setResult(RESULT_OK, new Intent().putExtra("answer", 42));
            finish();
        });
        column.addView(done);
        for (int i = 1; i <= 40; i++) {
            TextView line = new TextView(this);
            line.setText("Clause " + i + ": how we use your information.");
            column.addView(line);
        }
        Button bottom = new Button(this);
        bottom.setText("Bottom");
        bottom.setOnClickListener(v -> Log.i("probe", "bottom-clicked"));
        column.addView(bottom);
        scroll.addView(column);
        setContentView(scroll);
    }

    @Override
    protected void onDestroy() {
        super.onDestroy();
        Log.i("probe", "second:onDestroy");
    }
}
