package android.app;

import android.content.Context;
import android.content.ContextWrapper;
import android.os.Bundle;
import java.util.ArrayList;
import java.util.List;

/** Base class for maintaining global application state; created before any other component. */
public class Application extends ContextWrapper {
    public interface ActivityLifecycleCallbacks {
        void onActivityCreated(Activity activity, Bundle savedInstanceState);

        void onActivityStarted(Activity activity);

        void onActivityResumed(Activity activity);

        void onActivityPaused(Activity activity);

        void onActivityStopped(Activity activity);

        void onActivitySaveInstanceState(Activity activity, Bundle outState);

        void onActivityDestroyed(Activity activity);
    }

    private final List<ActivityLifecycleCallbacks> lifecycleCallbacks = new ArrayList<>();

    public Application() {
        super(null);
    }

    final void attach(Context base) {
        attachBaseContext(base);
    }

    public void onCreate() {}

    public void onTerminate() {}

    public void onLowMemory() {}

    public void onTrimMemory(int level) {}

    public void registerActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) {
        synchronized (lifecycleCallbacks) {
            lifecycleCallbacks.add(callback);
        }
    }

    public void unregisterActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) {
        synchronized (lifecycleCallbacks) {
            lifecycleCallbacks.remove(callback);
        }
    }

    public static String getProcessName() {
        return com.pimon.emulator.DeviceState.packageName();
    }

    ActivityLifecycleCallbacks[] collectActivityLifecycleCallbacks() {
        synchronized (lifecycleCallbacks) {
            return lifecycleCallbacks.toArray(new ActivityLifecycleCallbacks[0]);
        }
    }
}
