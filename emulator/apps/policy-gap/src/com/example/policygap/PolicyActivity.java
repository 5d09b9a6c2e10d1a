package com.example.policygap;

import android.app.Activity;
import android.os.Bundle;
import android.webkit.WebView;

/** Shows the bundled privacy policy. */
public class PolicyActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        WebView web = new WebView(this);
        web.getSettings().setJavaScriptEnabled(false);
        web.loadUrl("file:///android_asset/privacy.html");
        setContentView(web);
    }
}
