package com.example.consenttiming;

import android.Manifest;
import android.app.Activity;
import android.content.pm.PackageManager;
import android.os.Environment;
import android.os.StrictMode;
import android.util.Base64;
import android.util.Log;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** The launcher activity: the privacy dialog at every start, and a button to answer it again. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(screen(this, "同意时刻示例"));
        ordinaryAppCode();
        Consent.show(this);
    }

    /** What ordinary apps do at start-up with the framework (emulator gaps: StrictMode, the manifest's meta-data
     * app key, Base64, Log levels) and a shared-storage read (assisted evidence only: no finding). */
    private void ordinaryAppCode() {
        StrictMode.setThreadPolicy(new StrictMode.ThreadPolicy.Builder().detectAll().penaltyLog().build());
        try {
            Bundle meta = getPackageManager().getApplicationInfo(getPackageName(), PackageManager.GET_META_DATA).metaData;
            String key = meta.getString("com.example.APP_KEY");
            String enc = Base64.encodeToString(key.getBytes(StandardCharsets.UTF_8), Base64.NO_WRAP);
            if (!key.equals(new String(Base64.decode(enc, Base64.DEFAULT), StandardCharsets.UTF_8))) {
                throw new IllegalStateException("base64 round trip");
            }
            if (meta.getInt("com.example.CHANNEL") != 7) throw new IllegalStateException("meta-data int");
            if (Log.isLoggable("consent", Log.DEBUG)) Log.d("consent", "app key " + enc);
            Log.i("consent", "permission " + Manifest.permission.READ_EXTERNAL_STORAGE);
        } catch (PackageManager.NameNotFoundException e) {
            throw new IllegalStateException(e);
        }
        File notes = new File(Environment.getExternalStorageDirectory(), "notes.txt");
        try (FileOutputStream out = new FileOutputStream(notes)) {
            out.write(1);
        } catch (IOException e) {
            Log.w("consent", "no shared storage", e);
        }
        try (FileInputStream in = new FileInputStream(notes)) {
            in.read();
        } catch (IOException e) {
            Log.w("consent", "no shared storage", e);
        }
    }

    static LinearLayout screen(Activity a, String titleText) {
        LinearLayout root = new LinearLayout(a);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(a);
        title.setId(Ids.id("title"));
        title.setText(titleText);
        root.addView(title);
        Button again = new Button(a);
        again.setId(Ids.id("again"));
        again.setText("重新选择");
        again.setOnClickListener(v -> Consent.show(a));
        root.addView(again);
        return root;
    }
}
