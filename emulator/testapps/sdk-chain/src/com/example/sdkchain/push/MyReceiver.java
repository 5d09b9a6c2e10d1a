package com.example.sdkchain.push;

/** The app's subclass of JPush's receiver; onRegister is inherited, not overridden. */
public class MyReceiver extends cn.jpush.android.service.JPushMessageReceiver {
    @Override
    public void onMessage(String message) {
        android.util.Log.i("chain", "message " + message);
    }
}
