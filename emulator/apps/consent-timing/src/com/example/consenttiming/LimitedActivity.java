package com.example.consenttiming;

import android.app.Activity;
import android.os.Bundle;

/** Browse-only mode after a refusal (the app stays usable: no forced exit). */
public class LimitedActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(MainActivity.screen(this, "仅浏览模式"));
    }
}
