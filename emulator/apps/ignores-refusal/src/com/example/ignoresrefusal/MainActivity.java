package com.example.ignoresrefusal;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.igexin.sdk.PushManager;
import com.pimon.emulator.Ids;

/**
 * Remembers the answer, then starts the push SDK on both paths (the bug this fixture shows).
 * Settings > Withdraw consent, confirmed with OK, records the withdrawal and turns the push off, but
 * the SDK reads the identifiers again to unregister (the second bug).
 */
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
        Button settings = new Button(this);
        settings.setId(Ids.id("btn_settings"));
        settings.setText("Settings");
        settings.setOnClickListener(v -> showSettings());
        root.addView(settings);
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

    private void showSettings() {
        new AlertDialog.Builder(this)
                .setTitle("Settings")
                .setItems(new CharSequence[] {"Withdraw consent"}, (d, which) -> confirmWithdrawal())
                .setNegativeButton("Close", null)
                .show();
    }

    private void confirmWithdrawal() {
        new AlertDialog.Builder(this)
                .setTitle("Withdraw your consent?")
                .setMessage("We will stop collecting your personal information. You can agree again later.")
                .setPositiveButton("OK", (d, w) -> {
                    getSharedPreferences("privacy", MODE_PRIVATE).edit().putBoolean("agreed", false).apply();
                    status.setText("Consent withdrawn");
                    PushManager.getInstance().turnOffPush(getApplicationContext());
                })
                .setNegativeButton("Cancel", null)
                .show();
    }

    private void startPush() {
        PushManager.getInstance().initialize(getApplicationContext());
    }
}
