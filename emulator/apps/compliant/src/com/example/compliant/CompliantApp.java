package com.example.compliant;

import android.app.Application;

/** Initialises nothing that collects: the analytics start only after consent (see MainActivity). */
public class CompliantApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
    }
}
