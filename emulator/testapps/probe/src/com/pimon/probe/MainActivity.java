package com.pimon.probe;

import android.app.Activity;
import android.app.AlarmManager;
import android.app.AlertDialog;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;
import android.os.Bundle;
import android.os.SystemClock;
import android.telephony.TelephonyManager;
import android.util.Log;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.RadioButton;
import android.widget.RadioGroup;
import android.widget.TextView;
import com.pimon.emulator.Ids;

public class MainActivity extends Activity {
    static void readDeviceId(Context ctx) {
        try {
            TelephonyManager tm = (TelephonyManager) ctx.getSystemService(Context.TELEPHONY_SERVICE);
            Log.i("probe", "device-id=" + tm.getDeviceId());
        } catch (SecurityException e) {
            Log.i("probe", "security-exception " + e.getMessage());
        }
    }

    private Button button(LinearLayout root, String id, String text) {
        Button b = new Button(this);
        b.setId(Ids.id(id));
        b.setText(text);
        if (root.getOrientation() == LinearLayout.HORIZONTAL) {
            root.addView(b, new LinearLayout.LayoutParams(0, LinearLayout.LayoutParams.WRAP_CONTENT, 1f));
        } else {
            root.addView(b);
        }
        return b;
    }

    private LinearLayout row(LinearLayout root) {
        LinearLayout row = new LinearLayout(this);
        row.setOrientation(LinearLayout.HORIZONTAL);
        root.addView(row);
        return row;
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        Log.i("probe", "main:onCreate");
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("Probe privacy notice");
        root.addView(title);
        CheckBox box = new CheckBox(this);
        box.setId(Ids.id("agree_box"));
        box.setText("I have read the notice");
        root.addView(box);
        button(root, "btn_agree", "同意").setOnClickListener(v -> {
            getSharedPreferences("probe", MODE_PRIVATE).edit().putBoolean("consent", true).commit();
            Log.i("probe", "agreed box=" + box.isChecked());
            requestPermissions(new String[] {"android.permission.READ_PHONE_STATE"}, 7);
        });
        button(root, "btn_refuse", "不同意").setOnClickListener(v -> new AlertDialog.Builder(this)
                .setTitle("Are you sure?")
                .setMessage("Without consent the app closes.")
                .setCancelable(false)
                .setPositiveButton("Quit", (d, which) -> finish())
                .setNegativeButton("Back", (d, which) -> Log.i("probe", "refuse-cancelled"))
                .show());
        LinearLayout row1 = row(root);
        LinearLayout row2 = row(root);
        LinearLayout row3 = row(root);
        button(row1, "btn_second", "Second").setOnClickListener(v -> startActivityForResult(new Intent(this, SecondActivity.class), 5));
        button(row1, "btn_service", "Service").setOnClickListener(v -> startService(new Intent(this, SyncService.class)));
        button(row2, "btn_crash", "Crash").setOnClickListener(v -> {
            throw new IllegalStateException("probe crash requested");
        });
        button(row2, "btn_hang", "Hang").setOnClickListener(v -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        button(row1, "btn_policy", "Policy").setOnClickListener(v -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 120; i++) text.append("第").append(i).append("条：我们如何收集和使用您的个人信息。");
            new AlertDialog.Builder(this).setTitle("Privacy policy").setMessage(text).setCancelable(false)
                    .setPositiveButton("Accept", (d, w) -> Log.i("probe", "policy-accepted"))
                    .setNegativeButton("Decline", null).show();
        });
        button(row3, "btn_alarm", "Alarm").setOnClickListener(v -> {
            AlarmManager am = (AlarmManager) getSystemService(Context.ALARM_SERVICE);
            Intent wake = new Intent("com.pimon.probe.WAKE").setClass(this, BootReceiver.class);
            am.set(AlarmManager.ELAPSED_REALTIME, SystemClock.elapsedRealtime() + 100,
                    PendingIntent.getBroadcast(this, 1, wake, PendingIntent.FLAG_IMMUTABLE));
        });
        button(row2, "btn_exit", "Exit").setOnClickListener(v -> System.exit(3));
        EditText name = new EditText(this);
        name.setId(Ids.id("name_input"));
        name.setHint("Your name");
        root.addView(name);
        RadioGroup mode = new RadioGroup(this);
        mode.setId(Ids.id("mode"));
        for (String m : new String[] {"Basic", "Full"}) {
            RadioButton rb = new RadioButton(this);
            rb.setId(Ids.id("mode_" + m.toLowerCase()));
            rb.setText(m);
            mode.addView(rb);
        }
        mode.setOnCheckedChangeListener((g, id) -> Log.i("probe", "mode " + ((RadioButton) g.findViewById(id)).getText()));
        root.addView(mode);
        button(row3, "btn_handoff", "Handoff").setOnClickListener(v -> { // A starts B and finishes: a screen change
            startActivity(new Intent(this, SecondActivity.class));
            finish();
        });
        button(row3, "btn_hello", "Hello").setOnClickListener(v -> Log.i("probe", "hello " + name.getText()));
        setContentView(root);
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        for (int i = 0; i < permissions.length; i++) {
            Log.i("probe", "permission-result " + requestCode + " " + permissions[i] + "=" + grantResults[i]);
        }
        readDeviceId(this);
    }

    @Override
    protected void onActivityResult(int requestCode, int resultCode, Intent data) {
        Log.i("probe", "result " + requestCode + " " + resultCode + " " + (data == null ? null : data.getIntExtra("answer", 0)));
    }

    @Override
    protected void onStart() {
        super.onStart();
        Log.i("probe", "main:onStart");
    }

    @Override
    protected void onResume() {
        super.onResume();
        Log.i("probe", "main:onResume");
    }

    @Override
    protected void onPause() {
        super.onPause();
        Log.i("probe", "main:onPause");
    }

    @Override
    protected void onStop() {
        super.onStop();
        Log.i("probe", "main:onStop");
    }

    @Override
    protected void onDestroy() {
        super.onDestroy();
        Log.i("probe", "main:onDestroy");
    }
}
