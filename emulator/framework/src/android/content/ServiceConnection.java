package android.content;

import android.os.IBinder;

/** Monitors the state of a bound service. */
public interface ServiceConnection {
    void onServiceConnected(ComponentName name, IBinder service);

    void onServiceDisconnected(ComponentName name);
}
