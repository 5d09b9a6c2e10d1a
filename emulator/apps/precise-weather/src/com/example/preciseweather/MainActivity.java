package com.example.preciseweather;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.content.SharedPreferences;
import android.location.Location;
import android.location.LocationManager;
import android.os.Bundle;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;
import com.qq.e.comm.managers.GDTADManager;

/** City weather: 同意 -> notice -> FINE location asked -> a GPS fix for a city-level forecast. */
public class MainActivity extends Activity {
    private static final int REQ_LOCATION = 7;
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("好天气");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        setContentView(root);
        SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) return;
        new AlertDialog.Builder(this)
                .setTitle("隐私政策")
                .setMessage("感谢使用好天气！请阅读《隐私政策》。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {
                    prefs.edit().putBoolean("agreed", true).apply();
                    GDTADManager.initWith(this, "1101152570");
                    new AlertDialog.Builder(this)
                            .setTitle("获取位置")
                            .setMessage("好天气需要获取您的位置信息，用于显示您所在城市的天气。")
                            .setPositiveButton("好的", null)
                            .show();
                    requestPermissions(new String[] {"android.permission.ACCESS_FINE_LOCATION",
                            "android.permission.ACCESS_COARSE_LOCATION"}, REQ_LOCATION);
                })
                .setNegativeButton("不同意", (d, w) -> status.setText("请手动选择城市"))
                .show();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        try {
            LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
            Location l = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
            status.setText(l == null ? "定位失败" : "北京 晴");
        } catch (SecurityException e) {
            Log.w("weather", "no location permission");
            status.setText("请手动选择城市");
        }
    }
}
