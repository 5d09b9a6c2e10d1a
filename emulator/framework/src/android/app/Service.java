package android.app;

import android.content.ComponentName;
import android.content.Context;
import android.content.ContextWrapper;
import android.content.Intent;
import android.os.IBinder;
import com.pimon.emulator.AppRuntime;

/** An application component that runs without a UI. */
public abstract class Service extends ContextWrapper {
    public static final int START_STICKY_COMPATIBILITY = 0;
    public static final int START_STICKY = 1;
    public static final int START_NOT_STICKY = 2;
    public static final int START_REDELIVER_INTENT = 3;
    public static final int START_FLAG_REDELIVERY = 0x0001;
    public static final int START_FLAG_RETRY = 0x0002;
    public static final int STOP_FOREGROUND_REMOVE = 1;
    public static final int STOP_FOREGROUND_DETACH = 2;

    private Application mApplication;

    public Service() {
        super(null);
    }

    final void attach(Context base, Application app) {
        attachBaseContext(base);
        mApplication = app;
    }

    public final Application getApplication() {
        return mApplication;
    }

    public void onCreate() {}

    @Deprecated
    public void onStart(Intent intent, int startId) {}

    public int onStartCommand(Intent intent, int flags, int startId) {
        onStart(intent, startId);
        return START_STICKY;
    }

    public void onDestroy() {}

    public abstract IBinder onBind(Intent intent);

    public boolean onUnbind(Intent intent) {
        return false;
    }

    public void onRebind(Intent intent) {}

    public void onTaskRemoved(Intent rootIntent) {}

    public final void stopSelf() {
        stopSelf(-1);
    }

    public final void stopSelf(int startId) {
        AppRuntime.get().stopService(new ComponentName(this, getClass()));
    }

    public final boolean stopSelfResult(int startId) {
        return AppRuntime.get().stopService(new ComponentName(this, getClass()));
    }

    public final void startForeground(int id, Notification notification) {
        com.pimon.emulator.Control.event("ui", "what", "foreground-service", "service", getClass().getName(), "notification_id", id);
    }

    public final void stopForeground(int notificationBehavior) {}
}
