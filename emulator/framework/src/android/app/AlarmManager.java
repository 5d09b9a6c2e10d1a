package android.app;

import android.os.Handler;
import android.os.Looper;
import android.os.SystemClock;
import java.util.HashMap;
import java.util.Map;

/** Alarms: a PendingIntent sent later by the system (component starts report from="android"). */
public class AlarmManager {
    public static final int RTC_WAKEUP = 0;
    public static final int RTC = 1;
    public static final int ELAPSED_REALTIME_WAKEUP = 2;
    public static final int ELAPSED_REALTIME = 3;
    public static final long INTERVAL_FIFTEEN_MINUTES = 15 * 60 * 1000L;
    public static final long INTERVAL_HALF_HOUR = 2 * INTERVAL_FIFTEEN_MINUTES;
    public static final long INTERVAL_HOUR = 2 * INTERVAL_HALF_HOUR;
    public static final long INTERVAL_HALF_DAY = 12 * INTERVAL_HOUR;
    public static final long INTERVAL_DAY = 2 * INTERVAL_HALF_DAY;

    private final Handler mHandler = new Handler(Looper.getMainLooper());
    private final Map<PendingIntent, Runnable> mAlarms = new HashMap<>();

    AlarmManager() {}

    private static long delay(int type, long triggerAtMillis) {
        long now = type == RTC || type == RTC_WAKEUP ? System.currentTimeMillis() : SystemClock.elapsedRealtime();
        return Math.max(0, triggerAtMillis - now);
    }

    private synchronized void schedule(int type, long triggerAtMillis, long intervalMillis, PendingIntent operation) {
        cancel(operation);
        Runnable fire = new Runnable() {
            @Override
            public void run() {
                synchronized (AlarmManager.this) {
                    if (mAlarms.get(operation) != this) return;
                    if (intervalMillis > 0) mHandler.postDelayed(this, intervalMillis);
                    else mAlarms.remove(operation);
                }
                com.pimon.emulator.Control.asSystem(() -> {
                    try {
                        operation.send();
                    } catch (PendingIntent.CanceledException e) {
                        // a cancelled operation is dropped, as on Android
                    }
                });
            }
        };
        mAlarms.put(operation, fire);
        mHandler.postDelayed(fire, delay(type, triggerAtMillis));
    }

    public void set(int type, long triggerAtMillis, PendingIntent operation) {
        schedule(type, triggerAtMillis, 0, operation);
    }

    public void setExact(int type, long triggerAtMillis, PendingIntent operation) {
        schedule(type, triggerAtMillis, 0, operation);
    }

    public void setAndAllowWhileIdle(int type, long triggerAtMillis, PendingIntent operation) {
        schedule(type, triggerAtMillis, 0, operation);
    }

    public void setExactAndAllowWhileIdle(int type, long triggerAtMillis, PendingIntent operation) {
        schedule(type, triggerAtMillis, 0, operation);
    }

    public void setWindow(int type, long windowStartMillis, long windowLengthMillis, PendingIntent operation) {
        schedule(type, windowStartMillis, 0, operation);
    }

    public void setRepeating(int type, long triggerAtMillis, long intervalMillis, PendingIntent operation) {
        schedule(type, triggerAtMillis, Math.max(1, intervalMillis), operation);
    }

    public void setInexactRepeating(int type, long triggerAtMillis, long intervalMillis, PendingIntent operation) {
        schedule(type, triggerAtMillis, Math.max(1, intervalMillis), operation);
    }

    public synchronized void cancel(PendingIntent operation) {
        Runnable r = mAlarms.remove(operation);
        if (r != null) mHandler.removeCallbacks(r);
    }

    public boolean canScheduleExactAlarms() {
        return true;
    }
}
