package com.pimon.hotloop;

import android.app.Activity;
import android.content.ContentResolver;
import android.os.Bundle;
import android.provider.Settings;
import android.util.Log;

/** Reads android_id CALLS times (a warm-up first), logs "HOTLOOP calls=N ns=T", then keeps running. */
public class MainActivity extends Activity {
    static final int CALLS = Integer.getInteger("pimon.hotloop.calls", 20000);

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        ContentResolver resolver = getContentResolver();
        int sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            String id = Settings.Secure.getString(resolver, Settings.Secure.ANDROID_ID);
            sink += id == null ? 0 : id.length();
        }
        long ns = System.nanoTime() - start;
        Log.i("hotloop", "HOTLOOP calls=" + CALLS + " ns=" + ns + " sink=" + sink);
    }
}
