package com.example.sensitivenotice;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.SharedPreferences;
import android.database.Cursor;
import android.net.Uri;
import android.os.Bundle;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.amap.api.location.AMapLocationClient;
import com.pimon.emulator.Ids;

/** 同意 -> contacts asked and read (no notice of its own) -> a notice naming location -> location asked and read. */
public class MainActivity extends Activity {
    private static final int REQ_CONTACTS = 1;
    private static final int REQ_LOCATION = 2;
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("友邻");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("用户协议与隐私政策")
                .setMessage("欢迎来到友邻！请阅读《隐私政策》，了解我们如何处理您的个人信息。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    requestPermissions(new String[] {"android.permission.READ_CONTACTS"}, REQ_CONTACTS);
                })
                .setNegativeButton("不同意", (d, w) -> status.setText("仅浏览模式"))
                .show();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (requestCode == REQ_CONTACTS) {
            findFriends();
            new AlertDialog.Builder(this)
                    .setTitle("开启定位")
                    .setMessage("友邻需要获取您的位置信息，用于为您推荐附近的社区活动。")
                    .setPositiveButton("知道了", null)
                    .show();
            requestPermissions(new String[] {"android.permission.ACCESS_COARSE_LOCATION"}, REQ_LOCATION);
        } else if (requestCode == REQ_LOCATION) {
            new AMapLocationClient(this).startLocation();
        }
    }

    /** Reads the address book whatever the user answered (a denied read fails). */
    private void findFriends() {
        try (Cursor c = getContentResolver().query(Uri.parse("content://com.android.contacts/data/phones"),
                null, null, null, null)) {
            status.setText("找到 " + (c == null ? 0 : c.getCount()) + " 位联系人");
        } catch (SecurityException e) {
            Log.w("friends", "contacts denied");
        }
    }
}
