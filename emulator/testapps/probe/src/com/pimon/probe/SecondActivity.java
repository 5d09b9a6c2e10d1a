package com.pimon.probe;

import android.app.Activity;
import android.os.Bundle;
import android.util.Log;
import android.widget.TextView;

public class SecondActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        Log.i("probe", "second:onCreate");
        TextView t = new TextView(this);
        t.setText("Second screen");
        setContentView(t);
    }

    @Override
    protected void onDestroy() {
        super.onDestroy();
        Log.i("probe", "second:onDestroy");
    }
}
