package android.app;

import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.os.Bundle;

/** The emulator's bridge into android.app's hidden parts (not public, as on Android). */
final class ActivityThread implements com.pimon.emulator.AppBridge {
    ActivityThread() {}

    @Override
    public void attachApplication(Application app, Context base) {
        app.attach(base);
    }

    @Override
    public void attachActivity(Activity a, Context base, Application app, Intent intent, ComponentName component) {
        a.attach(base, app, intent, component);
    }

    @Override
    public void attachService(Service s, Context base, Application app) {
        s.attach(base, app);
    }

    @Override
    public void performCreate(Activity a, Bundle state) {
        a.performCreate(state);
    }

    @Override
    public void performStart(Activity a) {
        a.performStart();
    }

    @Override
    public void performRestart(Activity a) {
        a.performRestart();
    }

    @Override
    public void performResume(Activity a) {
        a.performResume();
    }

    @Override
    public void performPause(Activity a) {
        a.performPause();
    }

    @Override
    public void performStop(Activity a) {
        a.performStop();
    }

    @Override
    public void performDestroy(Activity a) {
        a.performDestroy();
    }

    @Override
    public void performNewIntent(Activity a, Intent intent) {
        a.onNewIntent(intent);
    }

    @Override
    public void performActivityResult(Activity a, int requestCode, int resultCode, Intent data) {
        a.onActivityResult(requestCode, resultCode, data);
    }

    @Override
    public int resultCode(Activity a) {
        return a.mResultCode;
    }

    @Override
    public Intent resultData(Activity a) {
        return a.mResultData;
    }

    @Override
    public void dispatchActivityCallback(Application app, String what, Activity a) {
        for (Application.ActivityLifecycleCallbacks cb : app.collectActivityLifecycleCallbacks()) {
            switch (what) {
                case "created": cb.onActivityCreated(a, null); break;
                case "started": cb.onActivityStarted(a); break;
                case "resumed": cb.onActivityResumed(a); break;
                case "paused": cb.onActivityPaused(a); break;
                case "stopped": cb.onActivityStopped(a); break;
                case "destroyed": cb.onActivityDestroyed(a); break;
                default: break;
            }
        }
    }

    @Override
    public boolean isCancelable(Dialog d) {
        return d.mCancelable;
    }

    @Override
    public boolean isCanceledOnTouchOutside(Dialog d) {
        return d.mCancelable && d.mCanceledOnTouchOutside;
    }

    @Override
    public CharSequence dialogTitle(Dialog d) {
        return d.mTitle;
    }
}
