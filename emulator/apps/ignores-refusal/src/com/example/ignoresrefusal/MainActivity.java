package com.example.ignoresrefusal;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.igexin.sdk.PushManager;
import com.pimon.emulator.Ids;

/** Remembers the answer, then starts the push SDK on both paths (the bug this fixture shows). */
public class MainActivity extends Activity {
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("News Daily");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.contains("agreed")) {
            startPush();
            return;
        }
        new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("Welcome to News Daily. Please read our Terms of Service and Privacy Policy. "
                        + "With your consent we use a push service that reads device identifiers.")
                .setCancelable(false)
                .setPositiveButton("Agree", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    status.setText("Welcome!");
                    startPush();
                })
                .setNegativeButton("Disagree", (d, w) -> {
                    prefs.edit().putBoolean("agreed", false).apply();
                    status.setText("Limited mode");
                    startPush(); // should have been skipped
                })
                .show();
    }

    private void startPush() {
        PushManager.getInstance().initialize(getApplicationContext());
    }
}
