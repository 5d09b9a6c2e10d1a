package com.example.policygap;

import android.app.Application;

/** Starts nothing before consent: the SDKs start in MainActivity once the user agreed. */
public class ReaderApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
    }
}
