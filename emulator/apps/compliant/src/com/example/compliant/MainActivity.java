package com.example.compliant;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.location.Location;
import android.location.LocationManager;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/**
 * Asks for consent on first launch and remembers the answer; reads android_id once after 同意;
 * asks for location only when the user taps 附近 (Nearby). 设置 (Settings) > 撤回同意 (withdraw consent),
 * confirmed with 确定, forgets the consent and returns to the basic mode: nothing is read afterwards.
 */
public class MainActivity extends Activity {
    private static final int REQ_LOCATION = 1;
    private TextView status;

    private SharedPreferences prefs() {
        return getSharedPreferences("privacy", MODE_PRIVATE);
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("合规示例");
        root.addView(title);
        status = new TextView(this);
        status.setId(Ids.id("status"));
        root.addView(status);
        Button nearby = new Button(this);
        nearby.setId(Ids.id("btn_nearby"));
        nearby.setText("附近");
        nearby.setOnClickListener(v -> onNearby());
        root.addView(nearby);
        Button settings = new Button(this);
        settings.setId(Ids.id("btn_settings"));
        settings.setText("设置");
        settings.setOnClickListener(v -> showSettings());
        root.addView(settings);
        setContentView(root);
        if (prefs().getBoolean("agreed", false)) {
            onConsented();
        } else {
            showPrivacyDialog();
        }
    }

    private void showPrivacyDialog() {
        new AlertDialog.Builder(this)
                .setTitle("用户协议与隐私政策")
                .setMessage("欢迎使用合规示例！在您使用前，请仔细阅读《用户协议》和《隐私政策》。"
                        + "我们仅在您同意后收集设备标识用于统计；位置信息仅在您使用“附近”功能时申请。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, which) -> {
                    prefs().edit().putBoolean("agreed", true).apply();
                    onConsented();
                })
                .setNegativeButton("不同意", (d, which) -> status.setText("基础模式：不收集个人信息"))
                .show();
    }

    private void onConsented() {
        String id = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        status.setText("已同意 · 设备 " + id.substring(0, 4) + "…");
    }

    private void showSettings() {
        new AlertDialog.Builder(this)
                .setTitle("设置")
                .setItems(new CharSequence[] {"撤回同意"}, (d, which) -> confirmWithdrawal())
                .setNegativeButton("关闭", null)
                .show();
    }

    private void confirmWithdrawal() {
        new AlertDialog.Builder(this)
                .setTitle("撤回隐私授权")
                .setMessage("撤回后，我们将停止收集您的个人信息，并以基础模式为您提供服务。确定撤回吗？")
                .setPositiveButton("确定", (d, which) -> onWithdrawn())
                .setNegativeButton("取消", null)
                .show();
    }

    private void onWithdrawn() {
        prefs().edit().remove("agreed").apply();
        status.setText("已撤回同意 · 基础模式：不收集个人信息");
    }

    private void onNearby() {
        if (checkSelfPermission("android.permission.ACCESS_FINE_LOCATION") == PackageManager.PERMISSION_GRANTED) {
            showNearby();
        } else {
            requestPermissions(new String[] {"android.permission.ACCESS_FINE_LOCATION"}, REQ_LOCATION);
        }
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (requestCode == REQ_LOCATION && grantResults.length > 0 && grantResults[0] == PackageManager.PERMISSION_GRANTED) {
            showNearby();
        } else {
            status.setText("未授予位置权限，无法显示附近内容");
        }
    }

    private void showNearby() {
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        Location here = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        status.setText(here == null ? "定位中…" : String.format("附近：%.3f, %.3f", here.getLatitude(), here.getLongitude()));
    }
}
