package com.example.consenttiming;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.Intent;
import android.os.Handler;
import android.os.Looper;
import android.provider.Settings;
import android.telephony.TelephonyManager;

/** The privacy dialog, and what the app does on each side of it. */
final class Consent {
    private Consent() {}

    static void show(Activity a) {
        new AlertDialog.Builder(a)
                .setTitle("个人信息保护指引")
                .setMessage("请您务必审慎阅读、充分理解《用户协议》和《隐私政策》各条款。点击同意即表示您已阅读并同意。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) ->
                        ((ClipboardManager) a.getSystemService(Context.CLIPBOARD_SERVICE)).getPrimaryClip())
                .setNegativeButton("不同意", (d, w) -> {
                    a.getPackageManager().getInstalledPackages(0);
                    if (a instanceof MainActivity) { // limited mode lives in its own activity: A starts B, finishes
                        a.startActivity(new Intent(a, LimitedActivity.class));
                        a.finish();
                    }
                })
                .show();
        // Within the dialog's first milliseconds: pre-consent, whatever pimon's poll sees.
        Settings.Secure.getString(a.getContentResolver(), Settings.Secure.ANDROID_ID);
        TelephonyManager tm = (TelephonyManager) a.getSystemService(Context.TELEPHONY_SERVICE);
        new Handler(Looper.getMainLooper()).post(tm::getSimOperator); // no app frame but a hidden one
    }
}
