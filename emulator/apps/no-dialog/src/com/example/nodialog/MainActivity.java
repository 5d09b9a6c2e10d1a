package com.example.nodialog;

import android.app.Activity;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** Reads android_id as soon as it is created; there is no privacy notice at all. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        String deviceId = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setId(Ids.id("title"));
        title.setText("Flashlight");
        root.addView(title);
        TextView footer = new TextView(this);
        footer.setId(Ids.id("device"));
        footer.setText("Device " + deviceId.substring(0, 6));
        root.addView(footer);
        setContentView(root);
    }
}
