package com.example.forcedexit;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.os.Process;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** "Agree or leave": Disagree finishes the activity and kills the process shortly after. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("Shop Now");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("To use Shop Now you must accept our Privacy Policy and Terms of Use.")
                .setCancelable(false)
                .setPositiveButton("Agree", (d, w) -> prefs.edit().putBoolean("agreed", true).apply())
                .setNegativeButton("Disagree", (d, w) -> {
                    finish();
                    new Handler(Looper.getMainLooper()).postDelayed(() -> Process.killProcess(Process.myPid()), 300);
                })
                .show();
    }
}
