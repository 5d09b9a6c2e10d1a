package com.example.bglocation;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.baidu.location.LocationClient;
import com.pimon.emulator.Ids;

/** Privacy dialog; 同意 asks for location, and the SDK starts once it is granted. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("附近的门店");
        root.addView(title);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        new AlertDialog.Builder(this)
                .setTitle("个人信息保护指引")
                .setMessage("为向您展示附近的门店，我们需要获取您的位置信息。请阅读《隐私政策》。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    requestPermissions(new String[] {Manifest.permission.ACCESS_FINE_LOCATION}, 1);
                })
                .setNegativeButton("不同意", (d, w) -> title.setText("仅浏览模式"))
                .show();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (grantResults.length > 0 && grantResults[0] == PackageManager.PERMISSION_GRANTED) {
            new LocationClient(this).start();
            new com.sensorsdata.analytics.android.sdk.AutoTrack().start(this);
            ClipboardManager clip = (ClipboardManager) getSystemService(CLIPBOARD_SERVICE);
            clip.setPrimaryClip(ClipData.newPlainText("code", "门店 0571"));  // the SDK's clipboard listener hears it
        }
    }
}
