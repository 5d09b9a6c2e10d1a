package com.pimon.emulator;

import android.app.Activity;
import android.app.Application;
import android.app.Dialog;
import android.app.Service;
import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.os.Bundle;

/** What the runtime needs from android.app that Android keeps hidden (implemented there, package-private). */
public interface AppBridge {
    void attachApplication(Application app, Context base);

    void attachActivity(Activity a, Context base, Application app, Intent intent, ComponentName component);

    void attachService(Service s, Context base, Application app);

    void performCreate(Activity a, Bundle state);

    void performStart(Activity a);

    void performRestart(Activity a);

    void performResume(Activity a);

    void performPause(Activity a);

    void performStop(Activity a);

    void performDestroy(Activity a);

    void performNewIntent(Activity a, Intent intent);

    void performActivityResult(Activity a, int requestCode, int resultCode, Intent data);

    int resultCode(Activity a);

    Intent resultData(Activity a);

    void dispatchActivityCallback(Application app, String what, Activity a);

    boolean isCancelable(Dialog d);

    boolean isCanceledOnTouchOutside(Dialog d);

    CharSequence dialogTitle(Dialog d);
}
