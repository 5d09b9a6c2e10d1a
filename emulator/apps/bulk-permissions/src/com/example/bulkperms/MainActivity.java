package com.example.bulkperms;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;
import java.util.ArrayList;
import java.util.List;

/** Asks for everything at launch, asks again for what was denied, then shows the privacy dialog. */
public class MainActivity extends Activity {
    static final String[] ALL = {
        "android.permission.CAMERA",
        "android.permission.ACCESS_FINE_LOCATION",
        "android.permission.READ_CONTACTS",
        "android.permission.READ_PHONE_STATE",
        "android.permission.RECORD_AUDIO",
    };
    private static final int REQ_FIRST = 100;
    private static final int REQ_AGAIN = 101;
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("Super Camera");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        requestPermissions(ALL, REQ_FIRST);
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        List<String> denied = new ArrayList<>();
        for (int i = 0; i < permissions.length && i < grantResults.length; i++) {
            if (grantResults[i] != PackageManager.PERMISSION_GRANTED) denied.add(permissions[i]);
        }
        if (requestCode == REQ_FIRST && !denied.isEmpty()) {
            status.setText("Super Camera needs these permissions to work");
            requestPermissions(denied.toArray(new String[0]), REQ_AGAIN);
            return;
        }
        showPrivacyDialog();
    }

    private void showPrivacyDialog() {
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("Please read our Privacy Policy. Super Camera processes photos on your device.")
                .setCancelable(false)
                .setPositiveButton("Agree", (d, w) -> prefs.edit().putBoolean("agreed", true).apply())
                .setNegativeButton("Disagree", (d, w) -> status.setText("Some features are unavailable"))
                .show();
    }
}
